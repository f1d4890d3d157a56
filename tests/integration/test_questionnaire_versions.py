"""``flask questionnaires validate`` and ``load``: versions are stored once and never change."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

REPOSITORY = Path(__file__).resolve().parents[2] / "questionnaires"


@pytest.fixture
def questionnaire_dir(tmp_path: Path) -> Path:
    target = tmp_path / "questionnaires"
    shutil.copytree(REPOSITORY, target, ignore=shutil.ignore_patterns("*.md"))
    return target


def _stored(db):
    from valuedcare.models import QuestionnaireVersion

    rows = db.session.scalars(select(QuestionnaireVersion)).all()
    return {(row.slug, row.version): row.content_hash for row in rows}


def test_validate_accepts_the_repository_questionnaires(runner):
    result = runner.invoke(args=["questionnaires", "validate"])
    assert result.exit_code == 0, result.output
    assert "All questionnaires are valid." in result.output


def test_validate_names_file_line_and_field_of_a_fault(runner, questionnaire_dir):
    path = questionnaire_dir / "partner-feedback.yaml"
    lines = path.read_text().splitlines()
    line_number = next(i for i, line in enumerate(lines, 1) if line.startswith("title:"))
    lines.insert(line_number, "colour: blue")
    path.write_text("\n".join(lines) + "\n")
    result = runner.invoke(args=["questionnaires", "validate", str(path)])
    assert result.exit_code == 1
    assert f"partner-feedback.yaml:{line_number + 1}:1: colour:" in result.output


def test_loading_twice_changes_nothing(runner, db, questionnaire_dir):
    before = _stored(db)
    first = runner.invoke(args=["questionnaires", "load", "--directory", str(questionnaire_dir)])
    assert first.exit_code == 0, first.output
    after_first = _stored(db)
    second = runner.invoke(args=["questionnaires", "load", "--directory", str(questionnaire_dir)])
    assert second.exit_code == 0, second.output
    assert _stored(db) == after_first == before
    assert "unchanged" in second.output


def test_a_changed_file_with_the_same_version_is_refused(runner, db, questionnaire_dir):
    path = questionnaire_dir / "partner-feedback.yaml"
    path.write_text(path.read_text() + "\n# any edit changes the content hash\n")
    before = _stored(db)
    result = runner.invoke(args=["questionnaires", "load", "--directory", str(questionnaire_dir)])
    assert result.exit_code == 1
    assert "raise 'version'" in result.output
    assert _stored(db) == before


def test_a_new_version_is_stored_beside_the_old_and_responses_keep_theirs(
    runner, db, factories, questionnaire_dir
):
    from valuedcare.data.questionnaires import get_latest_version

    old = get_latest_version("partner-feedback")
    response = factories.response(factories.assessment(), lens="partner")
    path = questionnaire_dir / "partner-feedback.yaml"
    text = path.read_text()
    path.write_text(text.replace(f"version: {old.version}", f"version: {old.version + 1}", 1))
    result = runner.invoke(args=["questionnaires", "load", "--directory", str(questionnaire_dir)])
    assert result.exit_code == 0, result.output
    stored = _stored(db)
    assert ("partner-feedback", old.version) in stored
    assert ("partner-feedback", old.version + 1) in stored
    assert get_latest_version("partner-feedback").version == old.version + 1
    db.session.refresh(response)
    assert response.questionnaire_version_id == old.id


@pytest.mark.parametrize(
    ("find", "replace", "message"),
    [
        ("version: 2\n", "version: " + "9" * 60 + "\n", "version: must be a whole number from 1"),
        ("version: 2\n", "version: 2147483648\n", "version: must be a whole number from 1"),
        ("    items:\n", "    items:\n", None),
    ],
    ids=["sixty-digits", "beyond-32-bits", "unchanged"],
)
def test_validate_and_load_refuse_an_out_of_range_version_without_a_traceback(
    runner, db, questionnaire_dir, find, replace, message
):
    path = questionnaire_dir / "partner-feedback.yaml"
    text = path.read_text()
    assert find in text
    path.write_text(text.replace(find, replace, 1))
    before = _stored(db)

    validated = runner.invoke(args=["questionnaires", "validate", str(path)])
    loaded = runner.invoke(args=["questionnaires", "load", "--directory", str(questionnaire_dir)])

    if message is None:
        assert validated.exit_code == 0 and loaded.exit_code == 0, loaded.output
        return
    assert validated.exit_code == 1 and loaded.exit_code == 1
    for result in (validated, loaded):
        assert "partner-feedback.yaml:" in result.output and message in result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)
        assert "Traceback" not in result.output
    assert _stored(db) == before


def test_validate_refuses_a_weight_that_is_not_a_number(runner, questionnaire_dir):
    path = questionnaire_dir / "partner-feedback.yaml"
    lines = path.read_text().splitlines()
    at = next(i for i, line in enumerate(lines) if line.strip().startswith("type: "))
    indent = lines[at][: len(lines[at]) - len(lines[at].lstrip())]
    lines.insert(at + 1, f"{indent}weight: .nan")
    path.write_text("\n".join(lines) + "\n")
    result = runner.invoke(args=["questionnaires", "validate", str(path)])
    assert result.exit_code == 1
    assert f"partner-feedback.yaml:{at + 2}:" in result.output
    assert "weight: must be an ordinary number, not nan" in result.output


def test_older_versions_in_previous_are_stored_first_oldest_first(runner, db, questionnaire_dir):
    from valuedcare.data.questionnaires import get_latest_version

    text = (questionnaire_dir / "partner-feedback.yaml").read_text()
    old = get_latest_version("partner-feedback").version

    def version(number: int) -> str:
        return text.replace(f"version: {old}\n", f"version: {number}\n", 1).replace(
            "slug: partner-feedback", "slug: kept-versions", 1
        )

    (questionnaire_dir / "kept-versions.yaml").write_text(version(11))
    (questionnaire_dir / "previous").mkdir(exist_ok=True)
    for number in (2, 10, 9):
        (questionnaire_dir / "previous" / f"kept-versions.v{number}.yaml").write_text(
            version(number)
        )

    validated = runner.invoke(args=["questionnaires", "validate", str(questionnaire_dir)])
    loaded = runner.invoke(args=["questionnaires", "load", "--directory", str(questionnaire_dir)])

    assert validated.exit_code == 0, validated.output
    assert loaded.exit_code == 0, loaded.output
    added = [
        line.strip() for line in loaded.output.splitlines() if line.strip().startswith("added")
    ]
    assert added == [f"added: kept-versions version {n} stored" for n in (2, 9, 10, 11)]
    assert get_latest_version("kept-versions").version == 11


def test_load_refuses_an_older_version_that_is_not_below_the_current_one(
    runner, db, questionnaire_dir
):
    current = questionnaire_dir / "partner-feedback.yaml"
    older = questionnaire_dir / "previous" / "partner-feedback.v2.yaml"
    older.parent.mkdir(exist_ok=True)
    older.write_text(current.read_text())
    line = current.read_text().splitlines().index("version: 2") + 1
    before = _stored(db)

    result = runner.invoke(args=["questionnaires", "load", "--directory", str(questionnaire_dir)])

    assert result.exit_code == 1
    assert (
        f"{older}:{line}:10: version: a file in previous/ must have a lower version"
        in result.output
    )
    assert _stored(db) == before


def test_every_board_version_is_stored_and_new_invitations_use_the_current_one(
    runner, db, factories, questionnaire_dir
):
    """The repository keeps board versions 1 and 2 in previous/ and version 3 as the current
    file: the test database was loaded from it as ``flask questionnaires load`` would, and
    loading it again changes nothing."""
    import hashlib

    from tests.integration.survey.links import LEAD_SCOPE
    from valuedcare.data import invitations
    from valuedcare.data.questionnaires import get_questionnaire, list_versions

    result = runner.invoke(args=["questionnaires", "load", "--directory", str(questionnaire_dir)])
    assert result.exit_code == 0, result.output
    lines = [line.strip() for line in result.output.splitlines()]
    order = [
        lines.index(f"unchanged: board-self-assessment version {n} unchanged") for n in (1, 2, 3)
    ]
    assert order == sorted(order)

    board = [row for row in list_versions() if row.slug == "board-self-assessment"]
    assert [row.version for row in board] == [1, 2, 3]
    first, second, current = board
    assert first.id < second.id < current.id  # stored oldest first
    for row, path in [
        (first, REPOSITORY / "previous" / "board-self-assessment.v1.yaml"),
        (second, REPOSITORY / "previous" / "board-self-assessment.v2.yaml"),
        (current, REPOSITORY / "board-self-assessment.yaml"),
    ]:
        assert row.content_hash == hashlib.sha256(path.read_bytes()).hexdigest()

    assessment = factories.assessment()
    invitation, _ = invitations.invite_board_member(LEAD_SCOPE, assessment.id, name="A. Member")
    assert invitation.questionnaire_version_id == current.id
    v1_ids = {item.id for item in get_questionnaire(first.id).items()}
    v2_ids = {item.id for item in get_questionnaire(second.id).items()}
    assert {"bus1", "loc5"} <= v1_ids - v2_ids
    assert {"bus6", "loc6", "bus7", "cul6", "lea6"} <= v2_ids - v1_ids


def test_board_version_3_adds_only_next_steps_and_they_survive_storage(runner, db):
    """Version 3 keeps every statement of version 2 (id, wording, levels and ``measures``, so
    trends carry over) and adds next steps, which read back from the database unchanged."""
    from valuedcare.data.questionnaires import get_latest_questionnaire, get_questionnaire
    from valuedcare.questionnaire import load_questionnaire

    row, stored = get_latest_questionnaire("board-self-assessment") or (None, None)
    assert row is not None and stored is not None and stored.version == 3
    from_file = load_questionnaire(REPOSITORY / "board-self-assessment.yaml")
    assert stored == from_file
    for item in stored.items():
        assert item.next_steps == from_file.item(item.id).next_steps
        assert item.next_steps is not None and len(item.next_steps) == 4, item.id
        assert item.next_step(1) == item.next_steps[0] and item.next_step(5) is None

    reread = get_questionnaire(row.id)
    assert [i.next_steps for i in reread.items()] == [i.next_steps for i in stored.items()]

    older = load_questionnaire(REPOSITORY / "previous" / "board-self-assessment.v2.yaml")
    assert not any(item.next_steps for item in older.items())
    assert [section.id for section in stored.sections] == [s.id for s in older.sections]
    for new, old in zip(stored.items(), older.items(), strict=True):
        assert new.model_dump(exclude={"next_steps"}) == old.model_dump(exclude={"next_steps"})


def test_statements_above_the_reading_age_warn_and_fail_only_when_strict(runner, questionnaire_dir):
    path = questionnaire_dir / "partner-feedback.yaml"
    text = path.read_text()
    hard = "Practitioners demonstrated considerable organisational responsiveness."
    first_text = next(line for line in text.splitlines() if line.strip().startswith("text:"))
    path.write_text(
        text.replace("title:", "reading_age: 9\ntitle:", 1).replace(
            first_text, first_text.split("text:")[0] + f"text: {hard}", 1
        )
    )

    relaxed = runner.invoke(args=["questionnaires", "validate", str(path)])
    strict = runner.invoke(args=["questionnaires", "validate", "--strict", str(path)])

    assert relaxed.exit_code == 0, relaxed.output
    assert "warning: " in relaxed.output and "partner-feedback.yaml:" in relaxed.output
    assert "above the target of 9" in relaxed.output
    assert strict.exit_code == 1
    assert "--strict treats them as errors" in strict.output


def test_the_shipped_questionnaires_pass_the_strict_check(runner):
    result = runner.invoke(args=["questionnaires", "validate", "--strict"])

    assert result.exit_code == 0, result.output
    assert "warning" not in result.output


def test_a_broken_risk_word_file_is_named_with_its_line(runner, questionnaire_dir):
    path = questionnaire_dir / "safety" / "risk-words.yaml"
    path.write_text(path.read_text().replace("  - suicid*", "  - '*suicide'", 1))

    result = runner.invoke(args=["questionnaires", "validate", str(questionnaire_dir)])

    assert result.exit_code == 1
    assert "risk-words.yaml:" in result.output and "phrases[0]" in result.output


def test_a_mirror_must_name_a_board_statement_of_the_same_ingredient(runner, questionnaire_dir):
    path = questionnaire_dir / "partner-feedback.yaml"
    text = path.read_text()
    for key, expected in [
        ("nosuch9", "'nosuch9' is not a statement of the board questionnaire"),
        ("cul1", "'cul1' is a board statement about 'culture', not 'local_area'"),
    ]:
        path.write_text(
            text.replace(
                "      - id: p1\n        type: likert\n",
                f"      - id: p1\n        type: likert\n        mirrors: {key}\n",
                1,
            )
        )

        result = runner.invoke(args=["questionnaires", "validate", str(questionnaire_dir)])

        assert result.exit_code == 1, result.output
        assert "partner-feedback.yaml:" in result.output and expected in result.output
    path.write_text(
        text.replace(
            "      - id: p1\n        type: likert\n",
            "      - id: p1\n        type: likert\n        mirrors: loc1\n",
            1,
        )
    )
    assert runner.invoke(args=["questionnaires", "validate", str(questionnaire_dir)]).exit_code == 0
