"""Labels of a comparator group's members, shared by the benchmark page and the API."""

import pandas as pd

from valuedcare.benchmarks import labelling_key, organisation_labels


def _members() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "organisation_id": [1, 2, 3, 4, 5],
            "name": ["Own Trust", "Beech Trust", "Alder Trust", "Cedar Trust", "Dale Trust"],
            "named_in_benchmarks": [False, True, True, False, False],
        }
    )


def test_trust_users_see_only_their_own_organisation_and_numbers() -> None:
    labels = organisation_labels(
        _members(), organisation_id=1, organisation_name="Own Trust", key="k", named=False
    )

    assert list(labels.values())[0] == "Your organisation"
    assert sorted(list(labels.values())[1:]) == [f"Organisation {n}" for n in range(1, 5)]
    assert not {"Beech Trust", "Alder Trust"} & set(labels.values())


def test_administrators_see_names_only_of_organisations_that_agreed() -> None:
    labels = organisation_labels(
        _members(), organisation_id=1, organisation_name="Own Trust", key="k", named=True
    )

    assert labels[1] == "Own Trust (selected)"
    assert (labels[3], labels[2]) == ("Alder Trust", "Beech Trust")
    assert list(labels)[-2:] == [3, 2]  # the named ones last, alphabetically
    assert {labels[4], labels[5]} == {"Organisation 1", "Organisation 2"}


def test_the_key_changes_every_cycle_and_depends_on_the_secret() -> None:
    assert labelling_key("secret", 1) != labelling_key("secret", 2)
    assert labelling_key("secret", 1) != labelling_key("other", 1)
    assert labelling_key("secret", 1) == labelling_key("secret", 1)
