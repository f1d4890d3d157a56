"""Disclosure control: the one home of the small-number rules (pure: no web or database stack).

- ``rules``: the thresholds (respondents, organisations) and which lenses are anonymous, built from
  the configuration by ``DisclosureRules.from_config``;
- ``suppress_summary`` (primary) and ``suppress_complements`` (secondary) hide figures;
  ``protect_item_summaries`` does both for the per-question summaries of anonymous answers;
- ``publish``: how allowed figures leave the server (scores to one decimal, counts in bands,
  response counts rounded while a cycle is open);
- ``release``: when new anonymous responses may join published figures (at close, never in a way
  two releases can be differenced).

The README's "Disclosure control" section says the rules in words.
"""

from valuedcare.disclosure.complements import suppress_complements
from valuedcare.disclosure.items import protect_item_summaries
from valuedcare.disclosure.publish import band_count, chase_count, round_score, round_share
from valuedcare.disclosure.release import blocking_groups, release_allowed
from valuedcare.disclosure.rules import (
    ANONYMOUS_LENSES,
    FLOOR,
    DisclosureRules,
    DisclosureSettingError,
)
from valuedcare.disclosure.suppress import suppress_summary

__all__ = [
    "ANONYMOUS_LENSES",
    "FLOOR",
    "DisclosureRules",
    "DisclosureSettingError",
    "band_count",
    "blocking_groups",
    "chase_count",
    "protect_item_summaries",
    "release_allowed",
    "round_score",
    "round_share",
    "suppress_complements",
    "suppress_summary",
]
