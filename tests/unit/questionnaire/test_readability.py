from tests.unit.questionnaire.builders import questionnaire_text
from valuedcare.questionnaire import parse_questionnaire
from valuedcare.questionnaire.readability import readability_problems, reading_age

AGREEMENT = """\
option_sets:
  agreement:
    - {value: agree, label: Agree, score: 4}
"""


def test_reading_age_grows_with_long_sentences_and_unfamiliar_words() -> None:
    plain = reading_age("I felt safe.")
    harder = reading_age(
        "Staff treated me with dignity and respect, including my culture, faith and identity."
    )

    assert plain <= 7
    assert harder >= 11


def _questionnaire(target: str, text: str):
    source = questionnaire_text(
        f"""\
        sections:
          - id: main
            title: Main
            ingredient: culture
            items:
              - {{id: q1, type: likert, text: I felt safe., options: agreement}}
              - {{id: q2, type: likert, text: "{text}", options: agreement}}
        """,
        header=target + AGREEMENT,
    )
    return parse_questionnaire(source, filename="public.yaml")


def test_a_statement_above_the_target_is_reported_with_its_line() -> None:
    hard = "Practitioners demonstrated considerable organisational responsiveness."
    questionnaire = _questionnaire("reading_age: 9\n", hard)

    problems = readability_problems(questionnaire, "public.yaml")

    assert len(problems) == 1
    problem = problems[0]
    assert (problem.file, problem.path) == ("public.yaml", "sections[0].items[1].text")
    assert problem.line == 16
    assert "above the target of 9" in problem.message and "Practitioners" in problem.message


def test_questionnaires_without_a_target_are_not_checked() -> None:
    hard = "Practitioners demonstrated considerable organisational responsiveness."

    assert readability_problems(_questionnaire("", hard), "staff.yaml") == []
