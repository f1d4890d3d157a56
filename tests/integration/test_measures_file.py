"""The measures file is validated and loaded with the questionnaires, but is not one of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from sqlalchemy import select

from tests.integration.auth.helpers import main_content, make_user, sign_in

REPOSITORY = Path(__file__).resolve().parents[2] / "questionnaires"
BROKEN = Path(__file__).resolve().parents[1] / "fixtures" / "questionnaires" / "broken"
SLUG = "outcome-measures"


@pytest.fixture
def questionnaire_dir(tmp_path: Path) -> Path:
    target = tmp_path / "questionnaires"
    shutil.copytree(REPOSITORY, target, ignore=shutil.ignore_patterns("*.md"))
    return target


def _measures_rows(db) -> list[tuple[str, int, str]]:
    from valuedcare.models import QuestionnaireVersion

    rows = db.session.scalars(select(QuestionnaireVersion).filter_by(kind="measures")).all()
    return sorted((row.slug, row.version, row.content_hash) for row in rows)


def _load(runner, directory: Path):
    return runner.invoke(args=["questionnaires", "load", "--directory", str(directory)])


def test_the_repository_measures_are_stored_once_and_read_back(runner, db, questionnaire_dir):
    from valuedcare.data.questionnaires import get_measure_set, get_measures

    before = _measures_rows(db)
    result = _load(runner, questionnaire_dir)

    assert result.exit_code == 0, result.output
    assert f"unchanged: {SLUG} version 1 unchanged" in result.output
    assert [(slug, version) for slug, version, _ in before] == [(SLUG, 1)]
    assert _measures_rows(db) == before
    measures = get_measures()
    assert measures is not None and (measures.slug, measures.version, len(measures)) == (
        SLUG,
        1,
        10,
    )
    assert get_measures() is measures
    assert get_measure_set(1) == measures
    assert get_measure_set(2) is None


def test_a_new_measures_version_is_stored_beside_the_old(runner, db, questionnaire_dir):
    from valuedcare.data.questionnaires import (
        get_latest_version,
        get_measure_set,
        get_measures,
        latest_version_id,
        list_versions,
    )

    current = questionnaire_dir / f"{SLUG}.yaml"
    (questionnaire_dir / "previous").mkdir(exist_ok=True)
    shutil.copy(current, questionnaire_dir / "previous" / f"{SLUG}.v1.yaml")
    current.write_text(current.read_text().replace("version: 1\n", "version: 2\n", 1))
    newest_questionnaire = latest_version_id()

    result = _load(runner, questionnaire_dir)

    assert result.exit_code == 0, result.output
    assert f"added: {SLUG} version 2 stored" in result.output
    assert [(slug, version) for slug, version, _ in _measures_rows(db)] == [(SLUG, 1), (SLUG, 2)]
    assert get_measures().version == 2
    assert get_measure_set(1).version == 1
    assert latest_version_id() == newest_questionnaire
    assert SLUG not in {row.slug for row in list_versions()}
    assert get_latest_version(SLUG) is None


def test_a_changed_measures_file_with_the_same_version_is_refused(runner, db, questionnaire_dir):
    path = questionnaire_dir / f"{SLUG}.yaml"
    path.write_text(path.read_text() + "\n# any edit changes the content hash\n")
    before = _measures_rows(db)

    result = _load(runner, questionnaire_dir)

    assert result.exit_code == 1
    assert f"{SLUG} version 1 is already stored with different content" in result.output
    assert _measures_rows(db) == before


def test_the_admin_questionnaire_pages_leave_the_measures_out(client, db):
    sign_in(client, make_user(db, "platform_admin", email="admin@example.org"))

    page = main_content(client.get("/admin/questionnaires").get_data(as_text=True))

    assert "Versions of board-self-assessment" in page
    assert SLUG not in page and "Outcome measures" not in page
    changes = client.get(f"/admin/questionnaires/{SLUG}/versions/1/changes")
    assert changes.status_code == 404


def test_new_links_cannot_ask_the_measures(db):
    from valuedcare.data.invitations import questionnaire_choices

    assert SLUG not in {choice.slug for choice in questionnaire_choices()}


def test_validate_accepts_the_measures_file(runner):
    result = runner.invoke(args=["questionnaires", "validate", str(REPOSITORY / f"{SLUG}.yaml")])

    assert result.exit_code == 0, result.output
    assert "All questionnaires are valid." in result.output


def test_validate_names_file_line_and_path_of_a_fault_in_a_measures_file(runner):
    path = BROKEN / "measures-wrong-multiplier.yaml"

    result = runner.invoke(args=["questionnaires", "validate", str(path)])

    assert result.exit_code == 1
    assert (
        f"{path}:25:17: measures[1].multiplier: a percent ratio needs multiplier: 100; "
        "found 1000" in result.output
    )
    assert "1 problem(s) found." in result.output


def test_load_refuses_a_broken_measures_file_and_stores_nothing(runner, db, questionnaire_dir):
    path = questionnaire_dir / f"{SLUG}.yaml"
    path.write_text(path.read_text().replace("target: 4.5", "target: 104.5", 1))
    before = _measures_rows(db)

    result = _load(runner, questionnaire_dir)

    assert result.exit_code == 1
    assert "a percentage target must be between 0 and 100; found 104.5" in result.output
    assert _measures_rows(db) == before
