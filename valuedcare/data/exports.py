"""Rows for the answers and scores exports, streamed in chunks so millions of answers fit in memory.

Both exports are scope-filtered (``Scope.condition`` on the organisation) and may be narrowed to
one cycle (by label) or one assessment. Rows come in model order: organisation code, cycle (oldest
first), lens (board, board_agreed, then any other), then response and questionnaire order
(answers) or ingredient order (scores).

Answers (one row per stored answer of a submitted response of a named lens): ``ANSWER_COLUMNS``.
Only board lenses are exported row by row: their members are named. Anonymous lenses (experts by
experience, partners) never leave the server as rows; ``valuedcare.data.question_summaries``
exports them as item-level aggregates under the disclosure rules. ``answer`` is the answer as
given (a 0-10 answer stays 0-10) with ``answer_label`` in words, and ``score`` its 1-5 score
(empty when it has none: "don't know", unanswered, text); ``submitted_at`` is the UTC date only.

Scores (one row per organisation, cycle, lens and ingredient): ``SCORE_COLUMNS``, from the stored
per-response scores through ``valuedcare.scoring.summarise_scores`` (which suppresses small
anonymous groups: score and respondents empty, suppressed true). Scores are rounded to one decimal
as on the pages; respondents are exact for board lenses and banded for anonymous ones.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from operator import itemgetter

import pandas as pd
from sqlalchemy import Select, select

from valuedcare.data.questionnaires import get_ingredients, get_questionnaire, get_version
from valuedcare.data.releases import published_responses, published_scores
from valuedcare.data.scope import Scope
from valuedcare.data.scores import item_metadata
from valuedcare.disclosure import DisclosureRules, band_count, round_score
from valuedcare.export_format import ExportColumn, Readme
from valuedcare.extensions import db
from valuedcare.models import Answer, Assessment, Cycle, Organisation, Response, ResponseScore
from valuedcare.questionnaire.describe import describe_answer, level_name
from valuedcare.questionnaire.schema import Item
from valuedcare.scoring import INGREDIENT_ORDER, ingredient_experience_gaps, summarise_scores
from valuedcare.scoring.columns import EXPERTS_BY_EXPERIENCE, LENSES

_ANSWER_SPEC = (
    ExportColumn("organisation_code", "Organisation code", "The organisation assessed."),
    ExportColumn("cycle", "Cycle", "The assessment cycle, for example 2025/26."),
    ExportColumn("questionnaire", "Questionnaire", "The questionnaire's short name."),
    ExportColumn(
        "questionnaire_version",
        "Questionnaire version",
        "The version of the questionnaire the answer was given to.",
    ),
    ExportColumn(
        "lens",
        "Lens",
        "board (one board member's own answers) or board_agreed (the position the board agreed).",
    ),
    ExportColumn(
        "response_id",
        "Response",
        "Identifies one person's set of answers (or the agreed position) within this export.",
    ),
    ExportColumn("section", "Section", "The questionnaire section the statement is in."),
    ExportColumn("item_id", "Statement code", "The statement's code in the questionnaire."),
    ExportColumn(
        "item_type",
        "Answer type",
        "maturity, likert, frequency, single_choice, multiple_choice, scale, number or text.",
    ),
    ExportColumn(
        "ingredient",
        "Ingredient code",
        "The ingredient the answer counts towards; empty when it counts towards none.",
    ),
    ExportColumn("ingredient_title", "Ingredient", "The ingredient's title."),
    ExportColumn("statement", "Statement", "The statement or question as it was shown."),
    ExportColumn(
        "answer",
        "Answer",
        "The answer as given: a maturity level 1 to 5 (or dont_know), an option's value, the "
        "values of every option chosen (separated by '; '), a number as given (a 0 to 10 answer "
        "stays 0 to 10), or the text written.",
    ),
    ExportColumn(
        "answer_label",
        "Answer in words",
        "The level's name and description, or the option's label; empty for numbers and text.",
    ),
    ExportColumn(
        "score",
        "Score (1 to 5)",
        "The answer's score on the 1 to 5 maturity scale, to one decimal place; empty for "
        "'don't know', text and other answers that are not scored.",
    ),
    ExportColumn(
        "weight",
        "Weight",
        "The statement's weight within its ingredient: an ingredient score is the weighted mean "
        "of its scored answers.",
    ),
    ExportColumn("not_known", "Don't know", "true when the answer was 'Don't know'."),
    ExportColumn("target", "Target level", "The level aimed for in 12 months (1 to 5), if given."),
    ExportColumn("target_label", "Target level in words", "The target level's name."),
    ExportColumn("comment", "Comment", "The evidence or comment written with the answer."),
    ExportColumn(
        "submitted_at", "Sent on", "The date the answers were sent (UTC), without the time."
    ),
)
_SCORE_SPEC = (
    ExportColumn("organisation_code", "Organisation code", "The organisation assessed."),
    ExportColumn("cycle", "Cycle", "The assessment cycle, for example 2025/26."),
    ExportColumn(
        "lens",
        "Lens",
        "Whose view: board (members' own answers), board_agreed (the agreed position), "
        "experts_by_experience or partner.",
    ),
    ExportColumn("ingredient", "Ingredient code", "The ingredient's code."),
    ExportColumn("ingredient_title", "Ingredient", "The ingredient's title."),
    ExportColumn(
        "score",
        "Score (1 to 5)",
        "The mean of the respondents' ingredient scores, to one decimal place, as on the report.",
    ),
    ExportColumn(
        "respondents",
        "Respondents",
        "For board lenses: how many responses have a score for the ingredient.",
    ),
    ExportColumn(
        "respondents_band",
        "Respondents (band)",
        "For anonymous lenses: how many responses have a score, in a band (for example "
        "'5 to 9'), so that no exact count of anonymous people leaves the service.",
    ),
    ExportColumn(
        "suppressed",
        "Suppressed",
        "true when too few anonymous people answered for any figure to be shown.",
    ),
    ExportColumn(
        "experience_actual",
        "What happened (1 to 5)",
        "Experts by experience only: the mean answer to 'what actually happened' questions for "
        "the ingredient, among people who answered both halves of a pair. Empty for other "
        "lenses, for ingredients no pair asks about, and when fewer than the minimum number of "
        "people answered both halves.",
    ),
    ExportColumn(
        "experience_hoped",
        "Hoped for (1 to 5)",
        "Experts by experience only: the mean answer to the paired 'what I hoped for' "
        "questions, among the same people.",
    ),
    ExportColumn(
        "experience_gap",
        "Gap",
        "Experts by experience only: the mean shortfall, how far what happened fell short of "
        "what each person hoped for (better than hoped counts as 0), as on the report.",
    ),
)
ANSWER_COLUMNS = tuple(column.name for column in _ANSWER_SPEC)
SCORE_COLUMNS = tuple(column.name for column in _SCORE_SPEC)


def answers_readme(rules: DisclosureRules) -> Readme:
    """What the answers export holds, for its Excel "Readme" sheet."""
    return Readme(
        title="Board answers",
        paragraphs=(
            "One row per answer given by a board member, or recorded as the board's agreed "
            "position. Board members are named respondents, so their answers are exported row "
            "by row.",
            "Experts by experience and partners answer anonymously: their answers are never "
            "exported row by row. The question summaries export gives their results per "
            f"question, for groups of {rules.min_respondents} or more people.",
        ),
        columns=_ANSWER_SPEC,
    )


def scores_readme(rules: DisclosureRules) -> Readme:
    """What the scores export holds, for its Excel "Readme" sheet."""
    return Readme(
        title="Ingredient scores",
        paragraphs=(
            "One row per organisation, cycle, lens and ingredient, in the model's order.",
            "Figures of anonymous lenses (experts by experience, partners) are shown only when "
            f"{rules.min_respondents} or more people gave a score, and only once the cycle has "
            "closed and the results were released.",
        ),
        columns=_SCORE_SPEC,
    )


Rows = list[tuple]

_LENS_RANK = {lens: rank for rank, lens in enumerate(LENSES)}
_INGREDIENT_RANK = {name: rank for rank, name in enumerate(INGREDIENT_ORDER)}


@dataclass(frozen=True)
class ExportFilter:
    """Which data an export covers: a scope, and optionally one cycle label or one assessment."""

    scope: Scope
    cycle: str | None = None
    assessment_id: int | None = None

    def apply(self, statement: Select) -> Select:
        """Restrict a statement already joined to Assessment and Cycle."""
        statement = self.scope.apply(statement, Assessment.organisation_id)
        if self.cycle is not None:
            statement = statement.where(Cycle.label == self.cycle)
        if self.assessment_id is not None:
            statement = statement.where(Assessment.id == self.assessment_id)
        return statement


@dataclass(frozen=True)
class _ResponseRow:
    id: int
    assessment_id: int
    lens: str
    version_id: int
    submitted_on: str
    organisation_code: str
    cycle: str


def _lens_rank(lens: str) -> tuple[int, str]:
    return _LENS_RANK.get(lens, len(LENSES)), lens


def list_cycle_labels() -> list[str]:
    """Every cycle label, oldest first."""
    return list(db.session.scalars(select(Cycle.label).order_by(Cycle.opens_on, Cycle.label)))


def _named_responses(export: ExportFilter, rules: DisclosureRules) -> list[_ResponseRow]:
    statement = (
        select(
            Response.id,
            Response.assessment_id,
            Response.lens,
            Response.questionnaire_version_id,
            Response.submitted_at,
            Organisation.code,
            Cycle.label,
            Cycle.opens_on,
        )
        .join(Assessment, Assessment.id == Response.assessment_id)
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .join(Cycle, Cycle.id == Assessment.cycle_id)
        .where(published_responses(), Response.lens.not_in(list(rules.anonymous_lenses)))
    )
    rows = list(db.session.execute(export.apply(statement)).all())
    rows.sort(key=lambda r: (r.code, r.opens_on, r.label, _lens_rank(r.lens), r.id))
    return [
        _ResponseRow(
            r.id,
            r.assessment_id,
            r.lens,
            r.questionnaire_version_id,
            _date_text(r.submitted_at),
            r.code,
            r.label,
        )
        for r in rows
    ]


def _date_text(moment: datetime | None) -> str:
    return moment.date().isoformat() if moment is not None else ""


@dataclass(frozen=True)
class _ItemInfo:
    position: int
    item: Item | None
    section: str
    ingredient: str | None
    ingredient_title: str | None
    weight: float


def _item_info(version_ids: set[int]) -> tuple[dict[tuple[int, str], _ItemInfo], dict]:
    """Item position, text, ingredient and weight per (version, item); slug and number per version.

    Ingredient and weight come from ``scores.item_metadata``, exactly as the stored scores use
    them, so that the export recomputes to the stored scores.
    """
    metadata = item_metadata(version_ids)
    scoring = {
        (int(r.questionnaire_version_id), r.item_id): (r.ingredient, float(r.weight))
        for r in metadata.itertuples(index=False)
    }
    titles = ingredient_titles()
    items: dict[tuple[int, str], _ItemInfo] = {}
    versions = {}
    for version_id in version_ids:
        row = get_version(version_id)
        versions[version_id] = (row.slug, row.version) if row else ("", None)
        questionnaire = get_questionnaire(version_id)
        for position, item in enumerate(questionnaire.items()):
            ingredient, weight = scoring.get((version_id, item.id), (None, 1.0))
            items[(version_id, item.id)] = _ItemInfo(
                position,
                item,
                questionnaire.section_of(item.id).title,
                ingredient,
                titles.get(ingredient) if ingredient else None,
                weight,
            )
    return items, versions


def ingredient_titles() -> dict[str, str]:
    """Each ingredient's title by its id."""
    return {ingredient.id: ingredient.title for ingredient in get_ingredients()}


def iter_answer_rows(
    export: ExportFilter,
    *,
    rules: DisclosureRules,
    chunk_responses: int = 1000,
) -> Iterator[Rows]:
    """Yield the answers export (named lenses only) as lists of tuples in ``ANSWER_COLUMNS``
    order.

    Each chunk holds the answers of up to ``chunk_responses`` responses; the database is read one
    chunk at a time.
    """
    responses = _named_responses(export, rules)
    items, versions = _item_info({r.version_id for r in responses})
    for start in range(0, len(responses), chunk_responses):
        batch = responses[start : start + chunk_responses]
        yield _answer_rows(batch, items, versions)


_UNKNOWN_ITEM = _ItemInfo(1_000_000, None, "", None, None, 1.0)


def _answer_rows(
    batch: Sequence[_ResponseRow], items: dict[tuple[int, str], _ItemInfo], versions: dict
) -> Rows:
    """The answers of ``batch`` as export rows, in response then questionnaire order."""
    prefixes = {
        r.id: (
            index,
            r.version_id,
            r.submitted_on,
            (r.organisation_code, r.cycle, *versions[r.version_id], r.lens, r.id),
        )
        for index, r in enumerate(batch)
    }
    statement = select(
        Answer.response_id,
        Answer.item_id,
        Answer.value,
        Answer.score,
        Answer.not_known,
        Answer.target,
        Answer.comment,
    ).where(Answer.response_id.in_(list(prefixes)))
    keyed = []
    for (
        response_id,
        item_id,
        value,
        score,
        not_known,
        target,
        comment,
    ) in db.session.connection().execute(statement):
        order, version_id, submitted_on, prefix = prefixes[response_id]
        info = items.get((version_id, item_id), _UNKNOWN_ITEM)
        item = info.item
        if item is not None:
            text = describe_answer(item, value)
            answer, label = text.answer, text.label
        else:
            answer, label = (None if value is None else str(value)), None
        row = (
            *prefix,
            info.section,
            item_id,
            item.type if item is not None else None,
            info.ingredient,
            info.ingredient_title,
            item.text if item is not None else None,
            answer,
            label,
            round_score(score),
            info.weight,
            bool(not_known),
            target,
            level_name(target),
            comment or None,
            submitted_on,
        )
        keyed.append((order, info.position, item_id, row))
    keyed.sort(key=itemgetter(0, 1, 2))
    return [entry[3] for entry in keyed]


def _response_scores_frame(export: ExportFilter, cycle_label: str) -> pd.DataFrame:
    statement = (
        select(
            ResponseScore.response_id,
            ResponseScore.organisation_id,
            Cycle.label.label("cycle"),
            ResponseScore.lens,
            ResponseScore.team,
            ResponseScore.ingredient,
            ResponseScore.score,
            ResponseScore.items_scored,
            ResponseScore.items_not_known,
        )
        .join(Response, Response.id == ResponseScore.response_id)
        .join(Assessment, Assessment.id == Response.assessment_id)
        .join(Cycle, Cycle.id == ResponseScore.cycle_id)
        .where(published_responses(), published_scores(), Cycle.label == cycle_label)
    )
    result = db.session.execute(export.apply(statement))
    frame = pd.DataFrame(result.all(), columns=list(result.keys()))
    return frame.astype({"score": float})


def _organisation_codes() -> dict[int, str]:
    rows = db.session.execute(select(Organisation.id, Organisation.code))
    return {organisation_id: code for organisation_id, code in rows}


def iter_score_rows(export: ExportFilter, *, rules: DisclosureRules) -> Iterator[Rows]:
    """Yield the scores export as lists of tuples in ``SCORE_COLUMNS`` order, one chunk a cycle."""
    codes = _organisation_codes()
    titles = ingredient_titles()
    cycles = [export.cycle] if export.cycle is not None else list_cycle_labels()
    for cycle_label in cycles:
        response_scores = _response_scores_frame(export, cycle_label)
        if response_scores.empty:
            continue
        summary = summarise_scores(response_scores, rules=rules)
        yield _score_rows(summary, codes, titles, rules, _experience(export, cycle_label, rules))


def _experience(
    export: ExportFilter, cycle_label: str, rules: DisclosureRules
) -> dict[tuple[int, str], tuple[float | None, float | None, float | None]]:
    """(organisation id, ingredient) -> the shown (actual, hoped, gap) of experts by experience."""
    from valuedcare.data.reports import experience_pairs_where

    pairs, _ = experience_pairs_where(
        lambda statement: export.apply(statement.where(Cycle.label == cycle_label))
    )
    gaps = ingredient_experience_gaps(pairs, by=["organisation_id"], rules=rules)
    return {
        (int(r.organisation_id), r.ingredient): (
            round_score(r.actual),
            round_score(r.hoped),
            round_score(r.gap),
        )
        for r in gaps.itertuples(index=False)
        if not r.suppressed
    }


def _score_rows(
    summary: pd.DataFrame,
    codes: dict[int, str],
    titles: dict[str, str],
    rules: DisclosureRules,
    experience: dict[tuple[int, str], tuple[float | None, float | None, float | None]],
) -> Rows:
    rows = []
    nothing = (None, None, None)
    for r in summary.itertuples(index=False):
        suppressed = bool(r.suppressed)
        score = None if suppressed else round_score(r.score)
        count = None if suppressed or pd.isna(r.respondents) else int(r.respondents)
        anonymous = rules.is_anonymous(r.lens)
        respondents = None if anonymous else count
        band = band_count(count, rules) if anonymous else None
        key = (codes[int(r.organisation_id)], _lens_rank(r.lens), _INGREDIENT_RANK[r.ingredient])
        rows.append(
            (
                key,
                (
                    codes[int(r.organisation_id)],
                    r.cycle,
                    r.lens,
                    r.ingredient,
                    titles.get(r.ingredient),
                    score,
                    respondents,
                    band,
                    suppressed,
                    *(
                        experience.get((int(r.organisation_id), r.ingredient), nothing)
                        if r.lens == EXPERTS_BY_EXPERIENCE and not suppressed
                        else nothing
                    ),
                ),
            )
        )
    rows.sort(key=lambda pair: pair[0])
    return [row for _, row in rows]


__all__ = [
    "ANSWER_COLUMNS",
    "SCORE_COLUMNS",
    "ExportFilter",
    "answers_readme",
    "ingredient_titles",
    "iter_answer_rows",
    "iter_score_rows",
    "list_cycle_labels",
    "scores_readme",
]
