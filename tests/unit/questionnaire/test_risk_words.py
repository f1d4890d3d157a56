from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from valuedcare.questionnaire import QuestionnaireError
from valuedcare.questionnaire.risk_words import RiskWords, parse_risk_words

SHIPPED = Path(__file__).parents[3] / "questionnaires" / "safety" / "risk-words.yaml"
WORDS = RiskWords(1, ("suicid*", "end it all", "not safe", "self-harm*"))


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("I felt suicidal after I was discharged", ("suicid*",)),
        ("Some days I want to END   it\nall.", ("end it all",)),
        ("I did not feel SAFE? No: I was not safe on the ward", ("not safe",)),
        ("My self-harming got worse", ("self-harm*",)),
        ("", ()),
        (None, ()),
    ],
)
def test_phrases_match_whole_words_ignoring_case_and_spacing(text, found) -> None:
    assert WORDS.find(text) == found


@pytest.mark.parametrize(
    "text",
    [
        "The staff were not safety-minded",  # "not safe" is not a whole-word match here
        "We want to blend it all together",
        "Asuicidal is not a word",  # a phrase must start at a word boundary
    ],
)
def test_near_misses_are_not_flagged(text: str) -> None:
    assert WORDS.find(text) == ()


def test_curly_apostrophes_match_straight_ones() -> None:
    words = RiskWords(1, ("can't go on",))
    assert words.find("I can\u2019t go on like this") == ("can't go on",)


def test_the_shipped_list_flags_plain_disclosures_and_passes_ordinary_comments() -> None:
    words = parse_risk_words(SHIPPED.read_text(encoding="utf-8"), filename=SHIPPED.name)
    for disclosure in [
        "Sometimes I think everyone would be better off dead without me",
        "He hit me when I asked for help",
        "my carer is abusive and I am scared for my life",
        "I took an overdose last month and nobody followed up",
    ]:
        assert words.find(disclosure), disclosure
    for ordinary in [
        "The waiting room could be warmer and the staff were kind",
        "It would help to have appointments after work",
        "Nobody told me what changed after I gave feedback",
    ]:
        assert words.find(ordinary) == (), ordinary


def test_a_broken_file_names_the_line_and_field() -> None:
    text = "kind: risk_words\nversion: 1\ndescription: Test\nphrases:\n  - suicid*\n  - '*x'\n"

    with pytest.raises(QuestionnaireError) as caught:
        parse_risk_words(text, filename="risk-words.yaml")

    assert str(caught.value.problems[0]).startswith("risk-words.yaml:6:5: phrases[1]")


def test_a_phrase_listed_twice_is_refused() -> None:
    text = "kind: risk_words\nversion: 1\ndescription: Test\nphrases:\n  - unsafe\n  - Unsafe\n"

    with pytest.raises(QuestionnaireError, match="listed twice"):
        parse_risk_words(text, filename="risk-words.yaml")


@given(st.text(alphabet=st.characters(categories=["L", "Zs", "P"]), max_size=60))
def test_a_text_that_holds_a_phrase_is_always_flagged(prefix: str) -> None:
    text = f"{prefix} end it all."
    assert "end it all" in WORDS.find(text)
