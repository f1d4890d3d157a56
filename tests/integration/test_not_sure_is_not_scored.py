""" "Not sure" is never scored on any scale. Version 1 of the experts-by-experience questionnaire
scored it 3, as if it were a middle view; version 2 counts it like "don't know", and so does
version 3 (version 2 is now kept in ``questionnaires/previous/``). Version 1 stays loadable
(responses already given to it keep their meaning) and trends carry on across the first two
through the items' ``measures`` keys."""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from valuedcare.questionnaire.load import load_questionnaire, read_kind

REPOSITORY = Path(__file__).resolve().parents[2]
QUESTIONNAIRES = REPOSITORY / "questionnaires"
VERSION_1 = REPOSITORY / "tests" / "fixtures" / "questionnaires" / "v1"
UNSURE = re.compile(r"\b(not sure|don'?t know|do not know|unsure|not applicable)\b", re.I)


QUESTIONNAIRE_FILES = [
    path for path in sorted(QUESTIONNAIRES.glob("*-*.yaml")) if read_kind(path) == "questionnaire"
]


@pytest.mark.parametrize("path", QUESTIONNAIRE_FILES, ids=lambda p: p.name)
def test_no_unsure_answer_carries_a_score(path: Path) -> None:
    questionnaire = load_questionnaire(path)
    unsure = [
        (item.id, option)
        for item in questionnaire.items()
        for option in item.options
        if UNSURE.search(option.label)
    ]
    for item_id, option in unsure:
        assert option.score is None and option.not_known, f"{path.name} {item_id} {option.label}"
        assert questionnaire.item(item_id).score_for(option.value) is None


def test_version_2_does_not_score_not_sure_where_version_1_did() -> None:
    new = load_questionnaire(QUESTIONNAIRES / "previous" / "experts-by-experience.v2.yaml")
    old = load_questionnaire(VERSION_1 / "experts-by-experience.yaml")
    assert (old.version, new.version) == (1, 2)
    assert old.item("a2").score_for("not_sure") == 3.0
    assert new.item("a2").score_for("not_sure") is None
    assert new.item("a2").is_not_known("not_sure")
    assert {item.measures for item in old.items()} == {item.measures for item in new.items()}
    current = load_questionnaire(QUESTIONNAIRES / "experts-by-experience.yaml")
    assert current.version == 3
    assert current.item("a2").score_for("not_sure") is None
    assert current.item("a2").is_not_known("not_sure")


def test_both_versions_load_and_are_served_side_by_side(
    runner: Any, db: Any, tmp_path: Path
) -> None:
    from valuedcare.data.questionnaires import get_questionnaire, list_versions

    directory = tmp_path / "questionnaires"
    directory.mkdir()
    shutil.copy(QUESTIONNAIRES / "ingredients.yaml", directory / "ingredients.yaml")
    shutil.copy(VERSION_1 / "experts-by-experience.yaml", directory / "experts-by-experience.yaml")
    for source in (directory, QUESTIONNAIRES):
        result = runner.invoke(args=["questionnaires", "load", "--directory", str(source)])
        assert result.exit_code == 0, result.output
    versions = {
        row.version: row.id for row in list_versions() if row.slug == "experts-by-experience"
    }
    assert set(versions) >= {1, 2}
    assert get_questionnaire(versions[1]).item("a2").score_for("not_sure") == 3.0
    assert get_questionnaire(versions[2]).item("a2").score_for("not_sure") is None
