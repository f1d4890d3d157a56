"""Column names and frame contracts shared by the scoring and benchmarks packages.

Every frame passed between the pure core and the data layer uses these names. The contracts below
say what each frame holds; ``valuedcare.data`` builds and checks the input frames, and the core
assumes them valid.

ANSWERS (one row per answer of a submitted response; hidden items already removed upstream)
    response_id      int      the response the answer belongs to
    organisation_id  int      the organisation (trust) assessed
    cycle            str      the assessment cycle, e.g. "2025"
    lens             str      one of LENSES
    team             str|None team or locality, when the respondent gave one
    item_id          str      questionnaire item id, e.g. "EBE1"
    measures         str      what the item measures (e.g. "maturity"); carried, not used
    ingredient       str|None one of INGREDIENT_ORDER, or None for items that feed no ingredient
    weight           float    the item's weight within its ingredient (> 0 to count)
    score            float    1-5, NaN when the item was not answered or is not scored
    not_known        bool     True for "Don't know / no evidence" (never scored, even with a score)
    target           float    target level in 12 months (1-5), NaN when none

RESPONSE_SCORES (one row per response and ingredient with a scored or "don't know" answer)
    response_id, organisation_id, cycle, lens, team, ingredient  as in ANSWERS
    score            float    weighted mean of the scored answers; NaN if all were "don't know"
    items_scored     int      answers that counted towards the score
    items_not_known  int      "don't know" answers

SUMMARY (one row per group of ``by`` keys and ingredient; see ``summarise_scores``)
    *by, ingredient
    score, median, sd, min, max   float  of the per-response scores (sample sd, NaN if n < 2)
    respondents      Int64    responses with a score
    not_known_share  float    "don't know" answers / (scored + "don't know" answers)
    suppressed       bool     True when small numbers hid every statistic above (all set to NA)
    Every other column is a grouping key; ``summary_keys`` lists them. ``suppress_complements`` may
    add complement_suppressed (bool), which is not a key either.
"""

from typing import Final

RESPONSE_ID: Final = "response_id"
ORGANISATION_ID: Final = "organisation_id"
CYCLE: Final = "cycle"
LENS: Final = "lens"
TEAM: Final = "team"
ITEM_ID: Final = "item_id"
MEASURES: Final = "measures"
INGREDIENT: Final = "ingredient"
WEIGHT: Final = "weight"
SCORE: Final = "score"
NOT_KNOWN: Final = "not_known"
TARGET: Final = "target"

ITEMS_SCORED: Final = "items_scored"
ITEMS_NOT_KNOWN: Final = "items_not_known"

MEDIAN: Final = "median"
SD: Final = "sd"
MIN: Final = "min"
MAX: Final = "max"
RESPONDENTS: Final = "respondents"
NOT_KNOWN_SHARE: Final = "not_known_share"
SUPPRESSED: Final = "suppressed"
COMPLEMENT_SUPPRESSED: Final = "complement_suppressed"

ANSWERS_COLUMNS: Final = (
    RESPONSE_ID,
    ORGANISATION_ID,
    CYCLE,
    LENS,
    TEAM,
    ITEM_ID,
    MEASURES,
    INGREDIENT,
    WEIGHT,
    SCORE,
    NOT_KNOWN,
    TARGET,
)
RESPONSE_KEY_COLUMNS: Final = (RESPONSE_ID, ORGANISATION_ID, CYCLE, LENS, TEAM)
RESPONSE_SCORES_COLUMNS: Final = (
    *RESPONSE_KEY_COLUMNS,
    INGREDIENT,
    SCORE,
    ITEMS_SCORED,
    ITEMS_NOT_KNOWN,
)
SUMMARY_STATISTIC_COLUMNS: Final = (SCORE, MEDIAN, SD, MIN, MAX, RESPONDENTS, NOT_KNOWN_SHARE)
SUMMARY_VALUE_COLUMNS: Final = (*SUMMARY_STATISTIC_COLUMNS, SUPPRESSED)
SUMMARY_NON_KEY_COLUMNS: Final = (*SUMMARY_VALUE_COLUMNS, COMPLEMENT_SUPPRESSED)
"""SUMMARY columns that are not grouping keys (``suppress_complements`` adds the last)."""

INGREDIENT_ORDER: Final = (
    "experts_by_experience",
    "national_picture",
    "local_area",
    "culture",
    "leadership",
    "business_and_resources",
    "improvement_approach",
    "patient_safety",
    "digitalisation",
    "innovation",
)

BOARD: Final = "board"
BOARD_AGREED: Final = "board_agreed"
EXPERTS_BY_EXPERIENCE: Final = "experts_by_experience"
PARTNER: Final = "partner"
LENSES: Final = (BOARD, BOARD_AGREED, EXPERTS_BY_EXPERIENCE, PARTNER)
ANONYMOUS_LENSES: Final = (EXPERTS_BY_EXPERIENCE, PARTNER)
"""Lenses whose respondents are anonymous. The small-number rules that protect them (thresholds,
suppression, release) live in ``valuedcare.disclosure``."""
