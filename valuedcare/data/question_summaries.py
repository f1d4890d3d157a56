"""The question summaries export: anonymous lenses' answers as protected item-level aggregates.

Experts by experience and partners answer anonymously, so their answers never leave the service
row by row. This export gives, per organisation, cycle, lens, group of respondents and question,
how many answered (in a band), the mean answer and mean score (one decimal), the share who said
"don't know", and the share who chose each option (whole percent). Only released responses count
(anonymous results are published when a cycle closes). Groups are everyone ("all"), each team,
and each answer to an unscored single-choice question (such as "are you answering as a carer?" or
"what type of organisation do you work for?"), which could describe who answered; every figure
goes through ``valuedcare.disclosure.protect_item_summaries`` first.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pandas as pd
from sqlalchemy import select

from valuedcare.data.exports import ExportFilter, ingredient_titles
from valuedcare.data.questionnaires import get_questionnaire, get_version
from valuedcare.data.releases import published_responses
from valuedcare.disclosure import (
    DisclosureRules,
    band_count,
    protect_item_summaries,
    round_score,
    round_share,
)
from valuedcare.export_format import ExportColumn, Readme
from valuedcare.extensions import db
from valuedcare.models import Answer, Assessment, Cycle, Organisation, Response
from valuedcare.questionnaire.describe import OptionText, chosen_values, item_options
from valuedcare.questionnaire.schema import Item, Questionnaire
from valuedcare.scoring.columns import LENSES
from valuedcare.scoring.items import ALL, NOT_GIVEN, TEAM, summarise_items

_SPEC = (
    ExportColumn("organisation_code", "Organisation code", "The organisation assessed."),
    ExportColumn("cycle", "Cycle", "The assessment cycle, for example 2025/26."),
    ExportColumn("lens", "Lens", "experts_by_experience or partner."),
    ExportColumn("questionnaire", "Questionnaire", "The questionnaire's short name."),
    ExportColumn(
        "group",
        "Group",
        "Whose answers the row sums up: all (everyone), team (one team or locality), or the "
        "code of an 'about you' question whose answer defines the group.",
    ),
    ExportColumn(
        "group_value",
        "Group value",
        "All respondents, the team, or the answer that defines the group ('(not given)' for "
        "people who did not answer that question).",
    ),
    ExportColumn(
        "group_respondents",
        "People in the group (band)",
        "How many people the group holds, in a band such as '5 to 9'.",
    ),
    ExportColumn("section", "Section", "The questionnaire section the question is in."),
    ExportColumn("item_id", "Question code", "The question's code in the questionnaire."),
    ExportColumn(
        "item_type",
        "Answer type",
        "likert, frequency, single_choice, multiple_choice, scale, number, text or maturity.",
    ),
    ExportColumn(
        "ingredient",
        "Ingredient code",
        "The ingredient the question counts towards; empty when it counts towards none.",
    ),
    ExportColumn("ingredient_title", "Ingredient", "The ingredient's title."),
    ExportColumn("statement", "Question", "The question as it was asked."),
    ExportColumn(
        "respondents",
        "Answered (band)",
        "How many people in the group answered the question ('don't know' included), in a band.",
    ),
    ExportColumn(
        "mean_answer",
        "Mean answer",
        "For scale and number questions: the mean of the numbers given (a 0 to 10 scale stays "
        "0 to 10), to one decimal place.",
    ),
    ExportColumn(
        "mean_score",
        "Mean score (1 to 5)",
        "The mean of the answers' scores on the 1 to 5 scale, to one decimal place; empty for "
        "questions that are not scored.",
    ),
    ExportColumn(
        "dont_know_percent",
        "Don't know (%)",
        "The share of those who answered who said 'don't know' or 'not applicable'.",
    ),
    ExportColumn(
        "option_value",
        "Option code",
        "One answer the question offers (one row per option); empty for text and number questions.",
    ),
    ExportColumn("option_label", "Option", "The option as it was shown."),
    ExportColumn("option_score", "Option score", "The option's score on the 1 to 5 scale."),
    ExportColumn(
        "option_percent",
        "Chose this option (%)",
        "The share of those who answered who chose the option, to the whole percent (for "
        "questions where several options may be chosen, shares add up to more than 100).",
    ),
    ExportColumn(
        "suppressed",
        "Suppressed",
        "true when too few people answered for any figure to be shown.",
    ),
)
SUMMARY_COLUMNS = tuple(column.name for column in _SPEC)
Rows = list[tuple]
_LENS_RANK = {lens: rank for rank, lens in enumerate(LENSES)}


def summaries_readme(rules: DisclosureRules) -> Readme:
    """What the question summaries export holds, for its Excel "Readme" sheet."""
    minimum = rules.min_respondents
    return Readme(
        title="Question summaries: experts by experience and partners",
        paragraphs=(
            "Experts by experience and partners answer anonymously, so their answers are never "
            "exported one by one. This file sums them up per question instead: for everyone, "
            "for each team, and for each answer to an 'about you' question. Each question has "
            "one row per option it offers.",
            f"To keep people anonymous, no figure comes from fewer than {minimum} people: a "
            f"group of fewer than {minimum} is left out, a question answered by fewer than "
            f"{minimum} is marked suppressed, and a group is also left out when the others "
            "would let anyone work out a left-out group's answers by subtraction. Counts are "
            "given in bands, scores to one decimal place and shares to the whole percent.",
            "Only answers released when a cycle closed are included. Free-text answers are not "
            "in this file: moderated comments appear on the report.",
        ),
        columns=_SPEC,
    )


@dataclass(frozen=True)
class _Response:
    id: int
    organisation_id: int
    organisation_code: str
    cycle: str
    cycle_order: tuple
    lens: str
    team: str | None
    version_id: int


def _anonymous_responses(export: ExportFilter, rules: DisclosureRules) -> list[_Response]:
    statement = (
        select(
            Response.id,
            Assessment.organisation_id,
            Organisation.code,
            Cycle.label,
            Cycle.opens_on,
            Response.lens,
            Response.team,
            Response.questionnaire_version_id,
        )
        .join(Assessment, Assessment.id == Response.assessment_id)
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .join(Cycle, Cycle.id == Assessment.cycle_id)
        .where(published_responses(), Response.lens.in_(list(rules.anonymous_lenses)))
    )
    return [
        _Response(
            r.id,
            r.organisation_id,
            r.code,
            r.label,
            (r.opens_on, r.label),
            r.lens,
            r.team,
            r.questionnaire_version_id,
        )
        for r in db.session.execute(export.apply(statement)).all()
    ]


def _answers(response_ids: list[int]) -> dict[int, dict[str, tuple]]:
    by_response: dict[int, dict[str, tuple]] = {}
    for start in range(0, len(response_ids), 1000):
        batch = response_ids[start : start + 1000]
        statement = select(
            Answer.response_id, Answer.item_id, Answer.value, Answer.score, Answer.not_known
        ).where(Answer.response_id.in_(batch))
        for response_id, item_id, value, score, not_known in db.session.execute(statement):
            by_response.setdefault(response_id, {})[item_id] = (value, score, bool(not_known))
    return by_response


def describes_respondent(item: Item) -> bool:
    """True for a question whose answer puts a person in a group (an unscored single choice,
    such as their role or type of organisation): a quasi-identifier."""
    return item.kind.describes_respondent_when_unscored and not item.scored


@dataclass
class _Frames:
    answers: list[tuple]
    membership: list[tuple]


def _frames(
    responses: list[_Response],
    answers: dict[int, dict[str, tuple]],
    questionnaires: dict[int, Questionnaire],
    slugs: dict[int, str],
) -> tuple[pd.DataFrame, pd.DataFrame]:
    teams_used = {
        (r.organisation_id, r.cycle, r.lens, slugs[r.version_id]) for r in responses if r.team
    }
    answer_rows, member_rows = [], []
    for r in responses:
        questionnaire = questionnaires[r.version_id]
        slug = slugs[r.version_id]
        base = (r.organisation_id, r.cycle, r.lens, slug)
        given = answers.get(r.id, {})
        member_rows.append((r.id, *base, ALL, ALL))
        if base in teams_used:
            member_rows.append((r.id, *base, TEAM, r.team or NOT_GIVEN))
        for item in questionnaire.items():
            if describes_respondent(item):
                value = given.get(item.id, (None,))[0]
                member_rows.append((r.id, *base, item.id, str(value) if value else NOT_GIVEN))
        for item_id, (value, score, not_known) in given.items():
            answered = _find(questionnaire, item_id)
            if answered is None:  # an item no longer in the file
                continue
            item = answered
            number = _number(value) if item.kind.numeric else None
            answer_rows.append(
                (
                    r.id,
                    *base,
                    item_id,
                    list(chosen_values(item, value)),
                    number,
                    score,
                    not_known,
                )
            )
    answer_frame = pd.DataFrame(
        answer_rows,
        columns=[
            "response_id",
            "organisation_id",
            "cycle",
            "lens",
            "questionnaire",
            "item_id",
            "choices",
            "number",
            "score",
            "not_known",
        ],
    )
    membership = pd.DataFrame(
        member_rows,
        columns=[
            "response_id",
            "organisation_id",
            "cycle",
            "lens",
            "questionnaire",
            "group",
            "group_value",
        ],
    )
    return answer_frame, membership


def _find(questionnaire: Questionnaire, item_id: str) -> Item | None:
    try:
        return questionnaire.item(item_id)
    except KeyError:
        return None


def _number(value: object) -> float | None:
    try:
        return float(str(value))
    except ValueError:
        return None


def iter_summary_rows(export: ExportFilter, *, rules: DisclosureRules) -> Iterator[Rows]:
    """Yield the question summaries export in ``SUMMARY_COLUMNS`` order, one chunk per
    organisation and cycle."""
    responses = _anonymous_responses(export, rules)
    if not responses:
        return
    version_ids = {r.version_id for r in responses}
    questionnaires = {version_id: get_questionnaire(version_id) for version_id in version_ids}
    slugs = {}
    newest: dict[str, tuple[int, int]] = {}
    for version_id in version_ids:
        row = get_version(version_id)
        if row is None:
            raise LookupError(f"no questionnaire version {version_id}")
        slugs[version_id] = row.slug
        if row.slug not in newest or row.version > newest[row.slug][0]:
            newest[row.slug] = (row.version, version_id)
    # Items are described by the newest version of each questionnaire in the export
    described = {slug: questionnaires[version_id] for slug, (_, version_id) in newest.items()}
    titles = ingredient_titles()
    by_place: dict[tuple, list[_Response]] = {}
    for r in responses:
        by_place.setdefault((r.organisation_code, r.cycle_order, r.organisation_id), []).append(r)
    for (code, _, _), group in sorted(by_place.items(), key=lambda pair: pair[0][:2]):
        answers = _answers([r.id for r in group])
        answer_frame, membership = _frames(group, answers, questionnaires, slugs)
        summary = summarise_items(answer_frame, membership)
        protected = protect_item_summaries(summary, rules)
        yield _rows(protected, code, described, titles, rules)


def _rows(
    summary: pd.DataFrame,
    code: str,
    described: dict[str, Questionnaire],
    titles: dict[str, str],
    rules: DisclosureRules,
) -> Rows:
    keyed = []
    places = {
        slug: {item.id: index for index, item in enumerate(questionnaire.items())}
        for slug, questionnaire in described.items()
    }
    for s in summary.itertuples(index=False):
        questionnaire = described[s.questionnaire]
        positions = places[s.questionnaire]
        item = _find(questionnaire, s.item_id)
        if item is None or item.kind.free_text:
            continue  # free text is read on the report, after moderation
        group_rank = (
            0 if s.group == ALL else 1 if s.group == TEAM else 2 + positions.get(s.group, 0)
        )
        ingredient = item.effective_ingredient if item.scored else None
        prefix = (
            code,
            s.cycle,
            s.lens,
            s.questionnaire,
            s.group,
            _group_label(s.group, s.group_value, questionnaire),
            band_count(_count(s.group_respondents), rules),
            questionnaire.section_of(item.id).title,
            item.id,
            item.type,
            ingredient,
            titles.get(ingredient) if ingredient else None,
            item.text,
        )
        sort_key = (
            _LENS_RANK.get(s.lens, len(LENSES)),
            s.questionnaire,
            group_rank,
            s.group_value,
            positions[item.id],
        )
        for row in _item_rows(s, item, prefix, rules):
            keyed.append((sort_key, row))
    keyed.extend(_unanswered(summary, code, described, titles, places))
    keyed.sort(key=lambda pair: pair[0])
    return [row for _, row in keyed]


def _unanswered(
    summary: pd.DataFrame,
    code: str,
    described: dict[str, Questionnaire],
    titles: dict[str, str],
    places: dict[str, dict[str, int]],
) -> list[tuple]:
    """Suppressed rows for the questions nobody answered, so that which questions some of a
    small group answered is not shown either."""
    everyone = summary[summary["group"] == ALL]
    answered = set(
        everyone[["cycle", "lens", "questionnaire", "item_id"]].itertuples(index=False, name=None)
    )
    rows = []
    for cycle, lens, slug in sorted({key[:3] for key in answered}):
        questionnaire = described[slug]
        for item in questionnaire.items():
            if item.kind.free_text or (cycle, lens, slug, item.id) in answered:
                continue
            ingredient = item.effective_ingredient if item.scored else None
            row = (
                code,
                cycle,
                lens,
                slug,
                ALL,
                "All respondents",
                None,
                questionnaire.section_of(item.id).title,
                item.id,
                item.type,
                ingredient,
                titles.get(ingredient) if ingredient else None,
                item.text,
                *([None] * 8),
                True,
            )
            key = (_LENS_RANK.get(lens, len(LENSES)), slug, 0, ALL, places[slug][item.id])
            rows.append((key, row))
    return rows


def _count(value: Any) -> int | None:
    return None if value is None or pd.isna(value) else int(value)


def _group_label(group: str, value: str, questionnaire: Questionnaire) -> str:
    if group == ALL:
        return "All respondents"
    if group == TEAM or value == NOT_GIVEN:
        return value
    item = _find(questionnaire, group)
    option = item.option(value) if item is not None else None
    return option.label if option is not None else value


def _item_rows(s: Any, item: Item, prefix: tuple, rules: DisclosureRules) -> list[tuple]:
    if s.suppressed:
        return [(*prefix, None, None, None, None, None, None, None, None, True)]
    respondents = int(s.respondents)
    figures = (
        band_count(respondents, rules),
        round_score(s.mean_number) if item.kind.numeric else None,
        round_score(s.mean_score),
        _percent(int(s.not_known), respondents),
    )
    options: list[OptionText] = item_options(item)
    if not options:
        return [(*prefix, *figures, None, None, None, None, False)]
    counts = s.option_counts
    return [
        (
            *prefix,
            *figures,
            option.value,
            option.label,
            round_score(option.score),
            _percent(counts.get(option.value, counts.get(str(option.value), 0)), respondents),
            False,
        )
        for option in options
    ]


def _percent(count: int, respondents: int) -> int | None:
    if not respondents:
        return None
    share = round_share(count / respondents)
    return None if share is None else round(share * 100)


__all__ = ["SUMMARY_COLUMNS", "iter_summary_rows", "summaries_readme"]
