"""Pure benchmarking across organisations: comparator groups and anonymised labels.

Disclosure control (thresholds, suppression) lives in ``valuedcare.disclosure``.

Nothing here imports the web or database stack. Input frames follow ``valuedcare.scoring.columns``.
"""

from valuedcare.benchmarks.anonymise import anonymise, labelling_key, organisation_labels
from valuedcare.benchmarks.group import summarise_group

__all__ = [
    "anonymise",
    "labelling_key",
    "organisation_labels",
    "summarise_group",
]
