"""The API's response bodies as pydantic models.

The endpoints serialise every response through these models, and ``openapi.py`` builds the
OpenAPI description from the same models, so the description cannot drift from the responses.
Every model forbids extra fields (``additionalProperties: false``).
"""

from __future__ import annotations

from datetime import date
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Lens = Literal["board", "board_agreed", "experts_by_experience", "partner"]
CycleStatus = Literal["draft", "open", "closed"]
Group = Literal["all", "region", "peer_group"]
ProfilesGroup = Literal["all"]
Band = Literal["below the lower quartile", "middle 50%", "above the upper quartile"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Error(_Model):
    """An error: the HTTP status, a short machine-readable code and a sentence for people."""

    status: int = Field(ge=400, le=599)
    error: str = Field(description="For example bad_request, unauthorised, not_found.")
    message: str


class _Page(_Model):
    """One page of a list. ``next`` and ``previous`` are full URLs, or null at either end."""

    page: int = Field(ge=1)
    per_page: int = Field(ge=1)
    total: int = Field(ge=0, description="Items in the whole list.")
    pages: int = Field(ge=1)
    next: str | None
    previous: str | None


class Cycle(_Model):
    id: int
    label: str = Field(description='For example "2025/26".')
    opens_on: date
    closes_on: date
    status: CycleStatus


class CycleList(_Page):
    items: list[Cycle]


class Organisation(_Model):
    id: int
    code: str
    name: str
    region: str
    peer_group: str
    benchmark_opt_in: bool = Field(description="Takes part in benchmarks (and sees them).")
    named_in_benchmarks: bool = Field(
        description="Agreed to be named to platform administrators in benchmarks."
    )


class OrganisationList(_Page):
    items: list[Organisation]


class Assessment(_Model):
    id: int
    organisation_id: int
    cycle_id: int
    cycle_label: str
    cycle_status: CycleStatus


class AssessmentList(_Page):
    items: list[Assessment]


ActionStatus = Literal["not_started", "on_track", "at_risk", "done", "dropped"]


class ActionUpdate(_Model):
    """A dated progress update; updates are added, never changed."""

    date: str = Field(description="When the update was made (YYYY-MM-DD).")
    status: ActionStatus = Field(description="The action's status after the update.")
    note: str | None = Field(description="The progress note, if one was written.")
    changes: str | None = Field(description="What the update changed, in words.")


class Action(_Model):
    """One action of the organisation's improvement plan."""

    id: int
    ingredient: str
    ingredient_title: str
    statements: list[str] = Field(description="Board statement ids the action addresses.")
    text: str = Field(description="What will be done.")
    owner: str | None = Field(
        description="The owner: an account's name, or the role of someone with no account."
    )
    due_on: str | None = Field(description="Due date (YYYY-MM-DD).")
    status: ActionStatus
    overdue: bool = Field(description="Open and past its due date today.")
    target_level: int | None = Field(description="The level (1 to 5) the action aims for.")
    agreed_in_cycle_id: int
    agreed_in_cycle_label: str
    updates: list[ActionUpdate] = Field(description="Progress updates, oldest first.")


class ActionList(_Page):
    items: list[Action]


Variation = Literal[
    "common_cause",
    "improvement_high",
    "improvement_low",
    "concern_high",
    "concern_low",
    "neither_high",
    "neither_low",
]
Assurance = Literal["met", "hit_and_miss", "not_met"]


class MeasureSummary(_Model):
    """One outcome measure for the whole organisation, read as an XmR chart ("Making Data
    Count"), as on the measures page."""

    id: str
    title: str
    unit: Literal["days", "percent", "count", "rate_per_1000_obd", "pounds"]
    domain: Literal["cost", "activity", "quality"]
    better: Literal["higher", "lower", "neither"]
    target: float | None
    ingredients: list[str] = Field(description="Ingredient ids the measure informs.")
    months: int = Field(ge=0, description="Months with a value.")
    latest_month: str | None = Field(description="The latest month with a value (YYYY-MM).")
    latest_value: float | None
    mean: float | None = Field(description="The mean of the current phase.")
    lower_limit: float | None = Field(description="The lower process limit.")
    upper_limit: float | None = Field(description="The upper process limit.")
    variation: Variation | None = Field(description="Special or common cause, at the latest month.")
    variation_text: str | None
    assurance: Assurance | None = Field(description="Against the target; null without one.")
    assurance_text: str | None
    provisional: bool = Field(description="Fewer than 12 months: the limits may move.")


class MeasureSummaryList(_Page):
    items: list[MeasureSummary]


class MeasureValue(_Model):
    """A measure's value for one team and month; shares and rates carry what they are built from."""

    team: str
    month: str = Field(description="YYYY-MM.")
    value: float
    numerator: float | None
    denominator: float | None


class MeasureValueList(_Page):
    items: list[MeasureValue]


class Score(_Model):
    """One lens's mean score for one ingredient. Suppressed: fewer than the minimum number of
    respondents in an anonymous lens, so score and respondents_band are null."""

    lens: Lens
    ingredient: str
    ingredient_title: str
    score: float | None = Field(
        description="Mean of the respondents' scores, 1 to 5, rounded to one decimal place."
    )
    respondents: int | None = Field(
        description="Board lenses (board, board_agreed): the exact number of respondents. Null "
        "for the anonymous lenses (experts_by_experience, partner), whose count is given as "
        "respondents_band."
    )
    respondents_band: str | None = Field(
        description='Anonymous lenses only: the number of respondents as a band ("5 to 9", '
        '"10 to 19", "20 or more", from min_respondents up). Null for board lenses and for '
        "suppressed results."
    )
    suppressed: bool


class ExperienceFigures(_Model):
    """Experts by experience: what happened, what they hoped for and the gap, for one ingredient
    or one pair of questions."""

    asked: bool = Field(
        description="False when no pair of questions asks about this ingredient: every figure "
        "is then null because the lens was not asked, not because nobody answered."
    )
    actual: float | None = Field(
        description="Mean answer to the 'what actually happened' questions (1 to 5), among "
        "people who answered both halves of a pair; one decimal place."
    )
    hoped: float | None = Field(
        description="Mean answer to the paired 'what I hoped for' questions."
    )
    gap: float | None = Field(
        description="Mean shortfall: how far what happened fell short of what each person hoped "
        "for (better than hoped counts as 0); one decimal place."
    )
    respondents_band: str | None = Field(
        description="People who answered both halves, as a band; null when suppressed."
    )
    suppressed: bool


class ExperienceIngredient(ExperienceFigures):
    ingredient: str
    ingredient_title: str
    change: float | None = Field(
        description="Change in the gap since the previous cycle (negative: narrowed)."
    )
    change_label: str | None = Field(
        description="narrowed, widened, no clear change or not comparable; null without a "
        "previous cycle."
    )


class ExperienceQuestion(ExperienceFigures):
    key: str = Field(description="The pair's key: the 'what happened' question's measures key.")
    question: str
    ingredient: str | None


class ExperienceGaps(_Model):
    organisation_id: int
    cycle_id: int
    assessment_id: int
    min_respondents: int
    previous_cycle: str | None
    ingredients: list[ExperienceIngredient]
    questions: list[ExperienceQuestion]


class ScoreList(_Page):
    organisation_id: int
    cycle_id: int
    assessment_id: int
    min_respondents: int
    items: list[Score]


class BenchmarkRow(_Model):
    """The comparator group's distribution for one lens and ingredient, and this organisation's
    place in it, rounded to one decimal place. Group figures are null where fewer than
    ``min_organisations`` organisations have a score (``shown`` false). There is no lowest or
    highest score: each would be one organisation's own score."""

    lens: Lens
    ingredient: str
    ingredient_title: str
    n_organisations: int
    shown: bool
    lower_quartile: float | None
    median: float | None
    upper_quartile: float | None
    organisation_score: float | None
    percentile_rank: float | None
    band: Band | None


class BenchmarkList(_Page):
    organisation_id: int
    cycle_id: int
    group: Group
    participating: bool = Field(
        description="False when the organisation does not take part in benchmarks (no rows)."
    )
    min_organisations: int
    min_respondents: int
    items: list[BenchmarkRow]


class PeerScore(_Model):
    """One organisation's score among all participating organisations, under an anonymous label,
    rounded to one decimal place."""

    organisation: str = Field(
        description='"Your organisation", "Organisation 1".. (numbered afresh each cycle), or a '
        "name where that organisation agreed to be named and the caller is a platform "
        "administrator."
    )
    lens: Lens
    ingredient: str
    score: float


class PeerList(_Page):
    organisation_id: int
    cycle_id: int
    group: ProfilesGroup = Field(
        description='Always "all": individual scores are given for all participating '
        "organisations only."
    )
    items: list[PeerScore]


#: The models the OpenAPI description includes, by name.
MODELS: tuple[type[BaseModel], ...] = (
    Error,
    Cycle,
    CycleList,
    Organisation,
    OrganisationList,
    Assessment,
    AssessmentList,
    ActionUpdate,
    Action,
    ActionList,
    MeasureSummary,
    MeasureSummaryList,
    MeasureValue,
    MeasureValueList,
    Score,
    ScoreList,
    BenchmarkRow,
    BenchmarkList,
    PeerScore,
    PeerList,
    ExperienceGaps,
)
