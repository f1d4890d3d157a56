"""Replace organisation ids by labels that cannot be traced back to an organisation."""

import hashlib
import hmac

import pandas as pd

from valuedcare.scoring.columns import ORGANISATION_ID

ORGANISATION_LABEL = "organisation_label"
YOUR_ORGANISATION = "Your organisation"
_ORDER = "_label_order"


def anonymise(org_scores: pd.DataFrame, *, viewer_organisation_id: int, key: str) -> pd.DataFrame:
    """Return ``org_scores`` with organisation_id replaced by an anonymous organisation_label.

    Input: any frame with an organisation_id column (e.g. per-organisation ingredient scores).

    The viewer's own rows are labelled "Your organisation"; every other organisation gets
    "Organisation 1" ... "Organisation N", numbered in the order of sha256(key + str(id)). Pass a
    secret ``key`` that changes every cycle (e.g. derived from the application's secret and the
    cycle): the same organisation then gets unrelated labels in different cycles, and nobody without
    the key can recompute the numbering from known ids.

    Output: the input columns with organisation_label in place of organisation_id. Rows are ordered
    by label (the viewer first, then Organisation 1..N), keeping the input order within each
    organisation, so the row order reveals nothing about the ids either.
    """
    if not key:
        raise ValueError("An anonymisation key is required")
    others = sorted(
        {int(i) for i in org_scores[ORGANISATION_ID].unique()} - {int(viewer_organisation_id)},
        key=lambda organisation_id: (_digest(key, organisation_id), organisation_id),
    )
    order = {organisation_id: number for number, organisation_id in enumerate(others, start=1)}
    order[int(viewer_organisation_id)] = 0
    numbers = org_scores[ORGANISATION_ID].map(lambda i: order[int(i)]).astype("int64")
    labels = numbers.map(lambda n: f"Organisation {n}" if n else YOUR_ORGANISATION)
    position = org_scores.columns.get_loc(ORGANISATION_ID)
    labelled = org_scores.drop(columns=ORGANISATION_ID)
    labelled.insert(position, ORGANISATION_LABEL, labels.astype("str"))
    labelled[_ORDER] = numbers
    ordered = labelled.sort_values(_ORDER, kind="mergesort").drop(columns=_ORDER)
    return ordered.reset_index(drop=True)


def _digest(key: str, organisation_id: int) -> str:
    return hashlib.sha256(f"{key}{organisation_id}".encode()).hexdigest()


def labelling_key(secret: str, cycle_id: int) -> str:
    """The per-cycle key for ``anonymise``: an HMAC of the cycle id under the app's secret, so
    labels change every cycle and cannot be recomputed without the secret."""
    return hmac.new(secret.encode(), f"compare-labels:{cycle_id}".encode(), "sha256").hexdigest()


def organisation_labels(
    members: pd.DataFrame,
    *,
    organisation_id: int,
    organisation_name: str,
    key: str,
    named: bool,
) -> dict[int, str]:
    """Display label per member id of a comparator group, in display order (never by score).

    ``members`` has organisation_id, name and named_in_benchmarks columns. Trust users: "Your
    organisation", then "Organisation 1..N" in the keyed order of ``anonymise``. Platform
    administrators (``named``): the chosen organisation's name with "(selected)", then
    "Organisation 1..N" for those that did not agree to be named, then the names of those that
    did, alphabetically.
    """
    agreed = members["named_in_benchmarks"].astype(bool) & (
        members[ORGANISATION_ID] != organisation_id
    )
    numbered = members[~agreed] if named else members
    labelled = anonymise(
        numbered[[ORGANISATION_ID]].assign(_id=numbered[ORGANISATION_ID]),
        viewer_organisation_id=organisation_id,
        key=key,
    )
    labels = dict(zip(labelled["_id"].astype(int), labelled[ORGANISATION_LABEL], strict=True))
    if named:
        labels[organisation_id] = f"{organisation_name} (selected)"
        for row in members[agreed].sort_values("name").itertuples():
            labels[int(row.organisation_id)] = str(row.name)
    return labels
