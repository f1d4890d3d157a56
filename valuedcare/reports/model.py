"""The trust report as plain frozen data: what pages, the PDF and the chart are built from.

Nothing here reads the database or the request. Numbers are kept as floats; ``text`` properties give
what a reader sees (one decimal place, or why there is no number).
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_FLOOR, Decimal

from valuedcare.charts.theme import LENS_LABELS
from valuedcare.data.records import AssessmentInfo, FreeText
from valuedcare.disclosure import DisclosureRules, band_count
from valuedcare.formatting import join_names as _joined
from valuedcare.formatting import one_dp
from valuedcare.questionnaire import MATURITY_LEVELS
from valuedcare.scoring.columns import BOARD, BOARD_AGREED, EXPERTS_BY_EXPERIENCE, PARTNER
from valuedcare.scoring.priorities import Suggestion

#: The lenses a report shows, in model order, with the names used in the chart legend and tables.
REPORT_LENSES = (BOARD, BOARD_AGREED, EXPERTS_BY_EXPERIENCE, PARTNER)
SUPPRESSED_TEXT = "fewer than 5 responses"
NO_RESPONSES_TEXT = "no responses"
NOT_RECORDED_TEXT = "not recorded"
NOT_SHOWN_TEXT = "not shown"
NOT_ASKED_TEXT = "not asked"
#: A lens needs scores on this many ingredients to be drawn on the radar as a shape; with fewer
#: it would be stray dots and a lone segment, so its scores are left to the table.
RADAR_SHAPE_MIN = 3


def lens_label(lens: str) -> str:
    """The display name of a lens ("Board", "Board agreed", "Experts by experience", "Partners")."""
    return LENS_LABELS.get(lens, lens.replace("_", " ").capitalize())


def level_number(score: float | None) -> int | None:
    """The maturity level a score has reached: the whole part of the score as shown (one decimal,
    rounded half up), so 2.96 (shown as 3.0) has reached level 3. None for a missing score."""
    if score is None or math.isnan(score):
        return None
    shown = Decimal(one_dp(score))
    return max(1, min(5, int(shown.to_integral_value(rounding=ROUND_FLOOR))))


def level_name(score: float | None) -> str | None:
    """The name of the level a score has reached (1 Beginning ... 5 Leading), or None."""
    number = level_number(score)
    return MATURITY_LEVELS[number - 1] if number is not None else None


def signed_one_dp(value: float | None) -> str:
    """A change to one decimal place with its sign: "+0.4", "-1.2", "0.0"; "" when missing."""
    if value is None or math.isnan(value):
        return ""
    text = one_dp(value)
    return text if text.startswith("-") or text == "0.0" else f"+{text}"


@dataclass(frozen=True)
class Cell:
    """One lens's score for one ingredient, or the reason it has none."""

    score: float | None
    respondents: int | None = None
    suppressed: bool = False
    empty_text: str = NO_RESPONSES_TEXT

    @property
    def has_score(self) -> bool:
        return self.score is not None and not math.isnan(self.score)

    @property
    def text(self) -> str:
        if self.suppressed:
            return SUPPRESSED_TEXT
        return one_dp(self.score) if self.has_score else self.empty_text

    @property
    def level(self) -> str | None:
        return level_name(self.score) if self.has_score else None


@dataclass(frozen=True)
class Change:
    """Change in a score since the previous cycle, with its label from ``scoring.trend_labels``."""

    previous_cycle: str
    previous_score: float | None
    change: float | None
    label: str

    @property
    def text(self) -> str:
        if self.change is None or math.isnan(self.change):
            return self.label
        return f"{signed_one_dp(self.change)} ({self.label})"


@dataclass(frozen=True)
class ScoreRow:
    """One ingredient in the data table: a cell per report lens and the peer median."""

    ingredient: str
    title: str
    cells: tuple[Cell, ...]
    peer_median: Cell


@dataclass(frozen=True)
class LensLine:
    """One lens in an ingredient card."""

    lens: str
    label: str
    cell: Cell
    change: Change | None
    peer_median: Cell


@dataclass(frozen=True)
class StatementScore:
    """A board statement's mean level across the members who scored it."""

    item_id: str
    text: str
    score: float
    members: int


@dataclass(frozen=True)
class TargetGap:
    """Current level, target in 12 months and the gap (max(0, target - current)) of one lens."""

    lens: str
    current: float
    target: float
    gap: float


@dataclass(frozen=True)
class IngredientCard:
    ingredient: str
    title: str
    lines: tuple[LensLine, ...]
    strongest: StatementScore | None
    weakest: StatementScore | None
    target_gap: TargetGap | None


@dataclass(frozen=True)
class PerceptionGap:
    """The board members' score beside another lens's score, and board minus other."""

    ingredient: str
    title: str
    other_lens: str
    board: Cell
    other: Cell
    gap: float | None
    statements: int = 0
    """How many board statements the other lens's questions mirror (the comparison's basis)."""

    @property
    def basis(self) -> str:
        """What is compared, in words."""
        plural = "statement" if self.statements == 1 else "statements"
        return (
            f"Board members' mean level on {self.statements} {plural}, beside how far "
            f"{lens_label(self.other_lens).lower()} agreed with the same ideas in their words "
            "(1 to 5)"
        )

    @property
    def gap_text(self) -> str:
        if self.other.suppressed:
            return SUPPRESSED_TEXT
        return signed_one_dp(self.gap) or NOT_SHOWN_TEXT


@dataclass(frozen=True)
class ExperienceGap:
    """What experts by experience said actually happened, what they hoped for, and the gap (the
    mean shortfall), for one ingredient or one question. ``change`` is the gap's change since the
    previous cycle (ingredients only): "narrowed", "widened", "no clear change"."""

    key: str
    title: str
    actual: Cell
    hoped: Cell
    gap: Cell
    change: Change | None = None
    peer_median: Cell | None = None
    """The median gap of the peer group (ingredients only), shown when enough organisations
    have one."""

    @property
    def asked(self) -> bool:
        return self.gap.empty_text != NOT_ASKED_TEXT

    @property
    def shown(self) -> bool:
        return self.gap.has_score and not self.gap.suppressed


@dataclass(frozen=True)
class BreakdownRow:
    """One answer to a breakdown question (a type of organisation) and its ingredient scores."""

    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Breakdown:
    """A lens's scores for each answer to its breakdown question (partners by type of
    organisation); each group shown only with enough respondents."""

    lens: str
    question: str
    ingredients: tuple[tuple[str, str], ...]
    rows: tuple[BreakdownRow, ...]


@dataclass(frozen=True)
class Disagreement:
    """A board statement whose members' levels are 2 or more apart."""

    ingredient: str
    title: str
    item_id: str
    text: str
    members: int
    lowest: int
    highest: int


@dataclass(frozen=True)
class NotKnown:
    """A board statement some members answered "don't know" to: flagged for follow-up."""

    ingredient: str
    title: str
    item_id: str
    text: str
    not_known: int
    members: int


@dataclass(frozen=True)
class AgreedProgress:
    """How much of the board's agreed position is recorded: statements agreed of those that
    feed an ingredient, overall and per ingredient (agreed, statements)."""

    agreed: int = 0
    total: int = 0
    per_ingredient: Mapping[str, tuple[int, int]] = field(default_factory=dict)
    titles: Mapping[str, str] = field(default_factory=dict)

    @property
    def is_complete(self) -> bool:
        return self.total > 0 and self.agreed >= self.total

    @property
    def is_provisional(self) -> bool:
        return 0 < self.agreed < self.total

    @property
    def text(self) -> str:
        """The position in words: not recorded yet, provisional (2 of 55 statements agreed) or
        agreed (all 55 statements)."""
        if self.agreed == 0:
            return "Not recorded yet"
        if self.is_complete:
            return f"Agreed: all {self.total} statements"
        return f"Provisional: {self.agreed} of {self.total} statements agreed"

    def complete(self, ingredient: str) -> bool:
        """Whether every statement of ``ingredient`` is agreed (only then is it scored)."""
        agreed, total = self.per_ingredient.get(ingredient, (0, 0))
        return total > 0 and agreed >= total

    def incomplete_ingredients(self) -> list[tuple[str, int, int]]:
        """(ingredient title, agreed, statements) for ingredients agreed in part, in model
        order."""
        return [
            (self.titles.get(ingredient, ingredient), agreed, total)
            for ingredient, (agreed, total) in self.per_ingredient.items()
            if 0 < agreed < total
        ]


@dataclass(frozen=True)
class AgreedStatement:
    ingredient: str
    title: str
    item_id: str
    text: str
    level: int
    target: int | None
    rationale: str | None

    @property
    def level_name(self) -> str:
        return MATURITY_LEVELS[self.level - 1]


@dataclass(frozen=True)
class StatementLevel:
    """A board statement's level in this cycle (the agreed level where the board agreed it, else
    board members' mean) and the questionnaire's guidance on reaching the next level."""

    ingredient: str
    item_id: str
    text: str
    score: float
    agreed: bool
    next_step: str | None

    @property
    def level_name(self) -> str:
        return level_name(self.score) or ""


@dataclass(frozen=True)
class PlanReview:
    """What the plan said would be done for an ingredient in an earlier cycle, its status now,
    and the ingredient's score change since that cycle (the trends page's change rule)."""

    ingredient: str
    title: str
    action_id: int
    text: str
    status: str
    status_text: str
    agreed_in: str
    overdue: bool
    change: Change | None


@dataclass(frozen=True)
class PlanLine:
    """One action of the plan as the report and board paper list it."""

    title: str
    text: str
    owner: str
    due_on: date | None
    status_text: str
    overdue: bool
    agreed_in: str


@dataclass(frozen=True)
class PlanSummary:
    """The plan as it stands: open actions (any cycle), and those done since this cycle
    opened."""

    open: tuple[PlanLine, ...] = ()
    done: tuple[PlanLine, ...] = ()

    @property
    def overdue(self) -> tuple[PlanLine, ...]:
        return tuple(line for line in self.open if line.overdue)


@dataclass(frozen=True)
class Figure:
    """One number in a summary sentence, as the sentence shows it, and where it comes from."""

    name: str
    """What the number is, e.g. "Board members' score: Culture"."""
    text: str
    """The number exactly as the sentence shows it ("3.8", "10 to 19", "+1.3")."""


@dataclass(frozen=True)
class SummarySentence:
    """A sentence of the report's summary with the figures it quotes (``reports.summary``)."""

    topic: str
    text: str
    figures: tuple[Figure, ...] = ()


@dataclass(frozen=True)
class TrustReport:
    """Everything the report page, its downloads and the board paper show."""

    info: AssessmentInfo
    previous_cycle: str | None
    respondents: dict[str, int]
    table: tuple[ScoreRow, ...]
    peer_shown: bool
    cards: tuple[IngredientCard, ...]
    perception_gaps: tuple[PerceptionGap, ...]
    disagreements: tuple[Disagreement, ...]
    agreed: tuple[AgreedStatement, ...]
    comments: tuple[FreeText, ...] = field(default=())
    agreed_progress: AgreedProgress = field(default_factory=AgreedProgress)
    not_known: tuple[NotKnown, ...] = field(default=())
    rules: DisclosureRules = field(default_factory=DisclosureRules)
    awaiting_release: frozenset[str] = frozenset()
    """Anonymous lenses with sent responses not yet in the figures (released at close)."""
    experience: tuple[ExperienceGap, ...] = field(default=())
    """Experts by experience, per ingredient in the model's order ("not asked" where no pair
    informs the ingredient)."""
    experience_questions: tuple[ExperienceGap, ...] = field(default=())
    """Experts by experience, per pair of questions, in questionnaire order."""
    breakdowns: tuple[Breakdown, ...] = field(default=())
    """Anonymous lenses' scores by the answer to a breakdown question (partners by type)."""
    questionnaires: tuple[tuple[str, str, int, int], ...] = field(default=())
    """(lens, questionnaire title, version, responses) of each version answered."""
    suggestions: tuple[Suggestion, ...] = field(default=())
    """Suggested priorities (``scoring.priorities``), first first."""
    statement_levels: tuple[StatementLevel, ...] = field(default=())
    """Board statements with their level and the guidance for the next, questionnaire order."""
    plan_review: tuple[PlanReview, ...] = field(default=())
    """Actions agreed in earlier cycles, by ingredient in the model's order."""
    plan: PlanSummary = field(default_factory=PlanSummary)
    summary: tuple[SummarySentence, ...] = field(default=())
    """The summary the report opens with, in plain words (``reports.summary.summarise``)."""

    @property
    def ingredient_titles(self) -> dict[str, str]:
        return {row.ingredient: row.title for row in self.table}

    @property
    def statement_levels_by_ingredient(self) -> list[tuple[str, list[StatementLevel]]]:
        """(ingredient title, its statements' levels) in the model's order."""
        return [
            (row.title, rows)
            for row in self.table
            if (
                rows := [
                    each for each in self.statement_levels if each.ingredient == row.ingredient
                ]
            )
        ]

    def questionnaires_of(self, lens: str) -> list[str]:
        """The questionnaire versions a lens answered, with how many people (in bands for
        anonymous lenses): "Your experience of our services, version 3: 10 to 19"."""
        return [
            f"{title}, version {version}: {respondents_text(lens, count, self.rules)}"
            for each_lens, title, version, count in self.questionnaires
            if each_lens == lens
        ]

    @property
    def experience_peer_shown(self) -> bool:
        """Whether any ingredient has a peer median gap to show."""
        return any(row.peer_median and row.peer_median.has_score for row in self.experience)

    @property
    def experience_shown(self) -> tuple[ExperienceGap, ...]:
        """The questions whose gap may be drawn (enough people answered both halves)."""
        return tuple(row for row in self.experience_questions if row.shown)

    @property
    def columns(self) -> tuple[tuple[int, str], ...]:
        """(position in ``REPORT_LENSES``, lens) of the lenses with any result in this report:
        a score or a suppressed cell. Lenses nobody answered are left out of tables."""
        return tuple(
            (index, lens)
            for index, lens in enumerate(REPORT_LENSES)
            if any(row.cells[index].has_score or row.cells[index].suppressed for row in self.table)
        )

    @property
    def lens_labels(self) -> tuple[str, ...]:
        """Display names of the lenses in ``columns``."""
        return tuple(lens_label(lens) for _, lens in self.columns)

    @property
    def radar_notes(self) -> tuple[str, ...]:
        """What the radar leaves out, in words: the ingredients each lens was not asked about,
        and lenses with scores on too few ingredients to draw."""
        notes = []
        drawn = radar_lenses(self.table)
        for index, lens in self.columns:
            not_asked = [
                row.title for row in self.table if row.cells[index].empty_text == NOT_ASKED_TEXT
            ]
            if not_asked:
                notes.append(f"{lens_label(lens)} were not asked about {_joined(not_asked)}.")
            scored = [
                row
                for row in self.table
                if row.cells[index].has_score and not row.cells[index].suppressed
            ]
            if scored and lens not in drawn:
                notes.append(
                    f"{lens_label(lens)} have scores on too few ingredients to draw as a shape, "
                    "so they are in the table only."
                )
        return tuple(notes)

    @property
    def has_suppressed_cells(self) -> bool:
        return any(cell.suppressed for row in self.table for cell in row.cells)


def radar_lenses(table: Sequence[ScoreRow]) -> tuple[str, ...]:
    """The lenses the radar draws: those with a shown score on at least ``RADAR_SHAPE_MIN``
    ingredients (or on every ingredient, in a model of fewer)."""
    enough = min(RADAR_SHAPE_MIN, len(table))
    return tuple(
        lens
        for index, lens in enumerate(REPORT_LENSES)
        if sum(1 for row in table if row.cells[index].has_score and not row.cells[index].suppressed)
        >= enough
    )


def respondents_text(lens: str, count: int | None, rules: DisclosureRules) -> str:
    """How many responses a lens has, as a reader may see it: board lenses exactly; anonymous
    lenses in bands ("5 to 9", "10 to 19", "20 or more"), or "fewer than 5" below the threshold."""
    if not count:
        return "none"
    if not rules.is_anonymous(lens):
        return f"{count:,}"
    return band_count(count, rules) or f"fewer than {rules.min_respondents}"


def responses_text(lens: str, count: int | None, rules: DisclosureRules) -> str:
    """A lens's responses in words: "1 response", "12 responses", "10 to 19 responses",
    "fewer than 5 responses" (anonymous lenses, see ``respondents_text``) or "no responses"."""
    if not count:
        return "no responses"
    if count == 1 and not rules.is_anonymous(lens):
        return "1 response"
    return f"{respondents_text(lens, count, rules)} responses"
