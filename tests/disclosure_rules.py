"""Disclosure rules for tests of the pure mechanics.

The service never runs with a threshold below 5 (``DisclosureRules`` refuses it), but unit tests of
suppression and grouping use smaller ones to exercise their edges with small frames.
"""

from valuedcare.disclosure import DisclosureRules
from valuedcare.scoring.columns import ANONYMOUS_LENSES

RULES = DisclosureRules()


def rules_for(
    min_respondents: int = 5,
    *,
    min_organisations: int = 5,
    anonymous_lenses: tuple[str, ...] = ANONYMOUS_LENSES,
) -> DisclosureRules:
    """Rules with any thresholds, bypassing the service's floor (tests only)."""
    rules = DisclosureRules()
    object.__setattr__(rules, "min_respondents", min_respondents)
    object.__setattr__(rules, "min_organisations", min_organisations)
    object.__setattr__(rules, "anonymous_lenses", tuple(anonymous_lenses))
    return rules
