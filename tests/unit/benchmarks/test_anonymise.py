import hashlib

import pandas as pd
import pytest

from valuedcare.benchmarks import anonymise


def _org_scores(organisation_ids: list[int]) -> pd.DataFrame:
    return pd.DataFrame(
        {
            "ingredient": "culture",
            "organisation_id": organisation_ids,
            "score": [float(i) for i in organisation_ids],
        }
    )


def _hash_order(key: str, organisation_ids: list[int]) -> list[int]:
    """The documented rule, written out independently: sort by sha256(key + str(id))."""
    return sorted(organisation_ids, key=lambda i: hashlib.sha256(f"{key}{i}".encode()).hexdigest())


def test_viewer_is_your_organisation_and_others_are_numbered_by_keyed_hash() -> None:
    org_scores = _org_scores([1, 2, 3, 4, 5])

    result = anonymise(org_scores, viewer_organisation_id=3, key="cycle-2025")

    others = _hash_order("cycle-2025", [1, 2, 4, 5])
    assert list(result.columns) == ["ingredient", "organisation_label", "score"]
    assert result["organisation_label"].tolist() == [
        "Your organisation",
        "Organisation 1",
        "Organisation 2",
        "Organisation 3",
        "Organisation 4",
    ]
    assert result["score"].tolist() == [3.0, *[float(i) for i in others]]


def test_labels_change_with_the_key() -> None:
    org_scores = _org_scores(list(range(1, 9)))

    first = anonymise(org_scores, viewer_organisation_id=1, key="cycle-2024")
    second = anonymise(org_scores, viewer_organisation_id=1, key="cycle-2025")
    again = anonymise(org_scores, viewer_organisation_id=1, key="cycle-2024")

    pd.testing.assert_frame_equal(first, again)
    assert first["score"].tolist() != second["score"].tolist()
    assert _hash_order("cycle-2024", list(range(2, 9))) != _hash_order(
        "cycle-2025", list(range(2, 9))
    )


def test_rows_of_one_organisation_share_a_label_and_order_reveals_nothing() -> None:
    org_scores = pd.DataFrame(
        {
            "organisation_id": [7, 7, 8, 8, 9, 9],
            "ingredient": ["local_area", "culture"] * 3,
            "score": [1.0, 2.0, 3.0, 4.0, 5.0, 6.0],
        }
    )

    result = anonymise(org_scores, viewer_organisation_id=8, key="k")
    shuffled = anonymise(org_scores.iloc[[5, 2, 0, 3, 1, 4]], viewer_organisation_id=8, key="k")

    assert result["organisation_label"].tolist()[:2] == ["Your organisation"] * 2
    assert result["score"].tolist()[:2] == [3.0, 4.0]
    assert result.groupby("organisation_label")["score"].count().tolist() == [2, 2, 2]
    assert shuffled["organisation_label"].tolist() == result["organisation_label"].tolist()
    assert "organisation_id" not in result.columns


def test_ten_or_more_organisations_keep_numeric_order() -> None:
    result = anonymise(_org_scores(list(range(1, 13))), viewer_organisation_id=99, key="k")

    assert result["organisation_label"].tolist() == [f"Organisation {n}" for n in range(1, 13)]


def test_a_key_is_required() -> None:
    with pytest.raises(ValueError, match="key"):
        anonymise(_org_scores([1, 2]), viewer_organisation_id=1, key="")
