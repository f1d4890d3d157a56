"""Frames behind the trust report: one assessment's scores, its previous cycle, peers, statements.

Every function that returns an organisation's data takes a ``Scope`` (directly, or through an
``AssessmentInfo`` that was only handed out after the scope check). Scores come from the stored
per-response scores (``response_scores``); only statement-level detail reads the answers, and only
those of one assessment.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
from sqlalchemy import Select, func, select

from valuedcare.data.questionnaires import get_questionnaire
from valuedcare.data.records import AssessmentInfo, ExperiencePair, FreeText
from valuedcare.data.releases import published_responses, published_scores
from valuedcare.data.scope import Scope
from valuedcare.data.scores import answers_frame_for, submitted_answers_statement
from valuedcare.disclosure import ANONYMOUS_LENSES, DisclosureRules
from valuedcare.extensions import db
from valuedcare.models import (
    Answer,
    Assessment,
    Cycle,
    Invitation,
    Organisation,
    QuestionnaireVersion,
    Response,
    ResponseScore,
)
from valuedcare.questionnaire import Item
from valuedcare.scoring.columns import (
    BOARD,
    BOARD_AGREED,
    EXPERTS_BY_EXPERIENCE,
    RESPONSE_SCORES_COLUMNS,
)

PEER_COLUMNS = ("organisation_id", "lens", "ingredient", "score", "suppressed")


def _info_statement():
    return (
        select(Assessment, Organisation, Cycle)
        .join(Organisation, Organisation.id == Assessment.organisation_id)
        .join(Cycle, Cycle.id == Assessment.cycle_id)
    )


def _to_info(assessment: Assessment, organisation: Organisation, cycle: Cycle) -> AssessmentInfo:
    return AssessmentInfo(
        assessment_id=assessment.id,
        organisation_id=organisation.id,
        organisation_code=organisation.code,
        organisation_name=organisation.name,
        peer_group=organisation.peer_group,
        is_demo=organisation.is_demo,
        cycle_id=cycle.id,
        cycle_label=cycle.label,
        cycle_status=cycle.status,
        cycle_opens_on=cycle.opens_on,
        cycle_closes_on=cycle.closes_on,
    )


def get_assessment_info(scope: Scope, assessment_id: int) -> AssessmentInfo | None:
    """The assessment with this id; None when it does not exist or the scope does not cover it."""
    statement = scope.apply(
        _info_statement().where(Assessment.id == assessment_id), Assessment.organisation_id
    )
    row = db.session.execute(statement).first()
    return _to_info(*row) if row is not None else None


def get_previous_assessment_info(info: AssessmentInfo) -> AssessmentInfo | None:
    """The same organisation's assessment in the latest cycle that opened before this one."""
    statement = (
        _info_statement()
        .where(
            Assessment.organisation_id == info.organisation_id,
            Cycle.opens_on < info.cycle_opens_on,
        )
        .order_by(Cycle.opens_on.desc())
        .limit(1)
    )
    row = db.session.execute(statement).first()
    return _to_info(*row) if row is not None else None


def list_assessment_infos(scope: Scope) -> list[AssessmentInfo]:
    """Every assessment the scope covers: organisation name, then the newest cycle first."""
    statement = scope.apply(_info_statement(), Assessment.organisation_id).order_by(
        Organisation.name, Cycle.opens_on.desc()
    )
    return [_to_info(*row) for row in db.session.execute(statement).all()]


def response_scores_frame(infos: list[AssessmentInfo]) -> pd.DataFrame:
    """The RESPONSE_SCORES frame (``valuedcare.scoring.columns``) of these assessments.

    Columns: response_id, organisation_id, cycle (label), lens, team, ingredient, score,
    items_scored, items_not_known; submitted responses only.
    """
    ids = [info.assessment_id for info in infos]
    statement = (
        select(
            ResponseScore.response_id,
            ResponseScore.organisation_id,
            Cycle.label,
            ResponseScore.lens,
            ResponseScore.team,
            ResponseScore.ingredient,
            ResponseScore.score,
            ResponseScore.items_scored,
            ResponseScore.items_not_known,
        )
        .join(Response, Response.id == ResponseScore.response_id)
        .join(Cycle, Cycle.id == ResponseScore.cycle_id)
        .where(Response.assessment_id.in_(ids), published_responses(), published_scores())
    )
    rows = db.session.execute(statement).all()
    frame = pd.DataFrame(rows, columns=list(RESPONSE_SCORES_COLUMNS))
    return frame.astype({"score": float, "items_scored": "int64", "items_not_known": "int64"})


def peer_scores_frame(info: AssessmentInfo, *, rules: DisclosureRules) -> pd.DataFrame:
    """Per-organisation mean scores in the assessment's cycle and peer group (opted-in only).

    Columns: organisation_id, lens, ingredient, score (mean of per-response scores; NaN when
    suppressed), suppressed (an anonymous lens with fewer than ``rules.min_respondents`` scored
    responses). Organisation ids stay inside the service: pages never show another organisation's
    identity. Read from the cycle's benchmark frames, which the benchmark pages share, so a report
    does not aggregate the whole cycle again.
    """
    from valuedcare.data.benchmarks import get_cycle_scores

    cycle = get_cycle_scores(info.cycle_id, rules=rules)
    organisations = cycle.organisations
    peers = organisations.loc[organisations["peer_group"] == info.peer_group, "organisation_id"]
    frame = cycle.scores[cycle.scores["organisation_id"].isin(peers)]
    return frame[list(PEER_COLUMNS)].reset_index(drop=True)


def board_answers_frame(info: AssessmentInfo) -> pd.DataFrame:
    """The ANSWERS frame (``valuedcare.scoring.columns``) of the board and agreed responses.

    Only the ``board`` and ``board_agreed`` lenses of this one assessment, submitted responses;
    also carries questionnaire_version_id and cycle_id.
    """
    statement = submitted_answers_statement().where(
        Response.assessment_id == info.assessment_id,
        Response.lens.in_([BOARD, BOARD_AGREED]),
    )
    return answers_frame_for(statement)


EXPERIENCE_PAIR_COLUMNS = (
    "response_id",
    "organisation_id",
    "cycle",
    "item_id",
    "ingredient",
    "actual",
    "hoped",
)


def experience_pairs_frame(
    infos: list[AssessmentInfo],
) -> tuple[pd.DataFrame, list[ExperiencePair]]:
    """The experience pairs of these assessments: see ``experience_pairs_where``."""
    ids = [info.assessment_id for info in infos]
    return experience_pairs_where(lambda statement: statement.where(Assessment.id.in_(ids)))


def experience_pairs_where(
    narrow: Callable[[Select], Select],
) -> tuple[pd.DataFrame, list[ExperiencePair]]:
    """The experts-by-experience answers to "what happened" / "what I hoped for" pairs, of the
    assessments ``narrow`` keeps (it restricts a statement joined to Assessment and Cycle).

    Returns (frame, pairs). The frame has one row per published response and pair it answered
    (``EXPERIENCE_PAIR_COLUMNS``): item_id is the pair's key (the actual question's ``measures``
    key, stable across versions), actual and hoped are the answers' scores on the 1 to 5 scale
    (NaN for "does not apply", "not sure" or no answer). The hoped-for half is not ``scored`` (it
    never counts towards an ingredient), so it is saved without a score: it is scored here from
    its stored value by the question's own options. ``pairs`` lists each key once, in
    questionnaire order, with the wording of the newest version that asked it, from the versions
    answered or offered by a link in these assessments: a key that is not listed was not asked.
    """
    statement = (
        select(
            Answer.response_id,
            Answer.item_id,
            Answer.value,
            Answer.score,
            Answer.not_known,
            Response.questionnaire_version_id,
            Assessment.organisation_id,
            Cycle.label,
        )
        .join(Response, Response.id == Answer.response_id)
        .join(Assessment, Assessment.id == Response.assessment_id)
        .join(Cycle, Cycle.id == Assessment.cycle_id)
        .where(Response.lens == EXPERTS_BY_EXPERIENCE, published_responses())
    )
    rows = db.session.execute(narrow(statement)).all()
    offered = db.session.scalars(
        narrow(
            select(Invitation.questionnaire_version_id)
            .join(Assessment, Assessment.id == Invitation.assessment_id)
            .join(Cycle, Cycle.id == Assessment.cycle_id)
            .where(Invitation.lens == EXPERTS_BY_EXPERIENCE)
        )
    ).all()
    version_ids = sorted(
        {row.questionnaire_version_id for row in rows} | set(offered), reverse=True
    )
    roles: dict[tuple[int, str], tuple[str, str, Item]] = {}
    pairs: dict[str, ExperiencePair] = {}
    for version_id in version_ids:
        items = {item.id: item for item in get_questionnaire(version_id).items()}
        for item in items.values():
            actual = items.get(item.pair_of) if item.pair_of else None
            if actual is None:
                continue
            key = actual.measures or actual.id
            roles[(version_id, actual.id)] = (key, "actual", actual)
            roles[(version_id, item.id)] = (key, "hoped", item)
            pairs.setdefault(
                key, ExperiencePair(key, actual.effective_ingredient, actual.text, item.text)
            )
    answers: dict[tuple[int, str], dict[str, object]] = {}
    for row in rows:
        role = roles.get((row.questionnaire_version_id, row.item_id))
        if role is None:
            continue
        key, end, item = role
        entry = answers.setdefault(
            (row.response_id, key),
            {
                "response_id": row.response_id,
                "organisation_id": row.organisation_id,
                "cycle": row.label,
                "item_id": key,
                "ingredient": pairs[key].ingredient,
                "actual": float("nan"),
                "hoped": float("nan"),
            },
        )
        score = row.score
        if score is None and end == "hoped" and not row.not_known:
            score = item.score_for(row.value)
        if score is not None and not row.not_known:
            entry[end] = float(score)
    frame = pd.DataFrame(list(answers.values()), columns=list(EXPERIENCE_PAIR_COLUMNS))
    frame = frame.astype({"actual": float, "hoped": float})
    return frame, list(pairs.values())


def organisation_experience_pairs(
    organisation_id: int, cycle_labels: list[str]
) -> tuple[pd.DataFrame, list[ExperiencePair]]:
    """The experience pairs of one organisation's assessments in these cycles (the caller has
    checked its scope), for the trends page."""
    return experience_pairs_where(
        lambda statement: statement.where(
            Assessment.organisation_id == organisation_id, Cycle.label.in_(cycle_labels)
        )
    )


def peer_experience_pairs(info: AssessmentInfo, *, rules: DisclosureRules) -> pd.DataFrame:
    """The experience pairs (``experience_pairs_where``) of every opted-in organisation in the
    assessment's cycle and peer group, for the peer median of the gap. Organisation ids stay in
    the service; pages show only the median."""
    from valuedcare.data.benchmarks import get_cycle_scores

    organisations = get_cycle_scores(info.cycle_id, rules=rules).organisations
    peers = organisations.loc[
        organisations["peer_group"] == info.peer_group, "organisation_id"
    ].tolist()
    if not peers:
        return pd.DataFrame(columns=list(EXPERIENCE_PAIR_COLUMNS))
    frame, _ = experience_pairs_where(
        lambda statement: statement.where(
            Assessment.cycle_id == info.cycle_id,
            Assessment.organisation_id.in_([int(each) for each in peers]),
        )
    )
    return frame


def lens_respondent_counts(info: AssessmentInfo) -> dict[str, int]:
    """Submitted responses per lens in this assessment."""
    statement = (
        select(Response.lens, func.count(Response.id))
        .where(Response.assessment_id == info.assessment_id, published_responses())
        .group_by(Response.lens)
    )
    return {lens: int(count) for lens, count in db.session.execute(statement).all()}


def breakdown_scores_frame(
    info: AssessmentInfo, lens: str
) -> tuple[pd.DataFrame, dict[str, str], str | None]:
    """(RESPONSE_SCORES frame with a ``group`` column, option labels, question) for the published
    responses of ``lens`` whose questionnaire has a ``breakdown`` question: group is the
    response's answer to it, or None when not answered. Empty when no version has one."""
    scores = response_scores_frame([info])
    scores = scores[scores["lens"] == lens]
    version_ids = db.session.execute(
        select(Response.id, Response.questionnaire_version_id).where(
            Response.assessment_id == info.assessment_id,
            Response.lens == lens,
            published_responses(),
        )
    ).all()
    items: dict[int, Item] = {}
    for version_id in {v for _, v in version_ids}:
        found = next(
            (item for item in get_questionnaire(version_id).items() if item.breakdown), None
        )
        if found is not None:
            items[version_id] = found
    if not items:
        return scores.iloc[0:0].assign(group=None), {}, None
    wanted = {
        response_id: items[version_id].id
        for response_id, version_id in version_ids
        if version_id in items
    }
    answers = db.session.execute(
        select(Answer.response_id, Answer.item_id, Answer.value).where(
            Answer.response_id.in_(list(wanted))
        )
    ).all()
    group = {
        response_id: value
        for response_id, item_id, value in answers
        if wanted.get(response_id) == item_id and isinstance(value, str)
    }
    labels: dict[str, str] = {}
    question = None
    for item in sorted(items.values(), key=lambda each: each.text):
        question = question or item.text
        for option in item.options:
            labels.setdefault(option.value, option.label)
    kept = scores[scores["response_id"].isin(list(wanted))]
    return kept.assign(group=kept["response_id"].map(group)), labels, question


def mirrored_answers(info: AssessmentInfo) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(board members' answers, other lenses' answers to items that mirror a board statement)
    of this assessment, as ``scoring.mirrored_perception_gaps`` takes them. Anonymous answers
    come from released responses only; "don't know" and "not sure" have no score."""
    board = board_answers_frame(info)
    board = board[board["lens"] == BOARD]
    board = board.assign(score=board["score"].where(~board["not_known"]))[
        ["response_id", "measures", "ingredient", "score"]
    ]
    statement = (
        select(
            Answer.response_id,
            Answer.item_id,
            Answer.score,
            Answer.not_known,
            Response.lens,
            Response.questionnaire_version_id,
        )
        .join(Response, Response.id == Answer.response_id)
        .where(
            Response.assessment_id == info.assessment_id,
            Response.lens.in_(ANONYMOUS_LENSES),
            published_responses(),
        )
    )
    mirrors: dict[int, dict[str, tuple[str, str | None]]] = {}
    rows = []
    for row in db.session.execute(statement).all():
        version = mirrors.get(row.questionnaire_version_id)
        if version is None:
            version = mirrors[row.questionnaire_version_id] = {
                item.id: (item.mirrors, item.effective_ingredient)
                for item in get_questionnaire(row.questionnaire_version_id).items()
                if item.mirrors
            }
        found = version.get(row.item_id)
        if found is None:
            continue
        score = None if row.not_known or row.score is None else float(row.score)
        rows.append((row.response_id, row.lens, found[0], found[1], score))
    others = pd.DataFrame(
        rows, columns=["response_id", "lens", "board_key", "ingredient", "score"]
    ).astype({"score": float})
    return board.reset_index(drop=True), others


def asked_ingredients(info: AssessmentInfo) -> dict[str, set[str]]:
    """Per lens, the ingredients its questionnaires (the versions answered or offered by a link
    in this assessment) ask about with a scored question. A lens missing here was offered no
    questionnaire; an ingredient missing from a lens's set was "not asked"."""
    answered = select(Response.lens, Response.questionnaire_version_id).where(
        Response.assessment_id == info.assessment_id
    )
    offered = select(Invitation.lens, Invitation.questionnaire_version_id).where(
        Invitation.assessment_id == info.assessment_id
    )
    pairs = set(db.session.execute(answered.union(offered)).all())
    asked: dict[str, set[str]] = {}
    for lens, version_id in pairs:
        ingredients = asked.setdefault(lens, set())
        for item in get_questionnaire(version_id).items():
            if item.scored and item.effective_ingredient:
                ingredients.add(item.effective_ingredient)
    if BOARD in asked:
        asked.setdefault(BOARD_AGREED, set()).update(asked[BOARD])
    return asked


def questionnaires_used(info: AssessmentInfo) -> list[tuple[str, str, int, int]]:
    """(lens, questionnaire title, version, published responses) of each questionnaire version
    answered in this assessment, by lens in model order then title and version."""
    statement = (
        select(
            Response.lens,
            QuestionnaireVersion.title,
            QuestionnaireVersion.version,
            func.count(Response.id),
        )
        .join(QuestionnaireVersion, QuestionnaireVersion.id == Response.questionnaire_version_id)
        .where(Response.assessment_id == info.assessment_id, published_responses())
        .group_by(Response.lens, QuestionnaireVersion.title, QuestionnaireVersion.version)
    )
    rows = [
        (lens, title, int(version), int(n))
        for lens, title, version, n in db.session.execute(statement)
    ]
    order = {lens: rank for rank, lens in enumerate((BOARD, BOARD_AGREED, *ANONYMOUS_LENSES))}
    return sorted(rows, key=lambda row: (order.get(row[0], 9), row[1], row[2]))


def lenses_awaiting_release(info: AssessmentInfo) -> list[str]:
    """Anonymous lenses of this assessment with sent responses that are not yet released."""
    statement = (
        select(Response.lens)
        .where(
            Response.assessment_id == info.assessment_id,
            Response.status == "submitted",
            Response.lens.in_(ANONYMOUS_LENSES),
            Response.released_at.is_(None),
        )
        .distinct()
    )
    return list(db.session.scalars(statement))


def list_free_text(
    info: AssessmentInfo,
    *,
    rules: DisclosureRules,
) -> list[FreeText]:
    """Free-text answers and comments of the anonymous lenses that the report may show: only
    lenses with at least ``rules.min_respondents`` released responses, only comments a lead has
    approved or redacted (``data.free_text``), ordered by question and text, never by
    respondent, so that one person's comments cannot be linked together by their position."""
    from valuedcare.data.free_text import published_comments

    return published_comments(info, rules=rules)


def review_fingerprint(assessment_id: int) -> tuple[int, str]:
    """The comment review decisions of an assessment, as a cache key (``data.free_text``)."""
    from valuedcare.data.free_text import review_fingerprint as fingerprint

    return fingerprint(assessment_id)


__all__ = [
    "AssessmentInfo",
    "ExperiencePair",
    "FreeText",
    "board_answers_frame",
    "experience_pairs_frame",
    "experience_pairs_where",
    "get_assessment_info",
    "review_fingerprint",
    "get_previous_assessment_info",
    "lens_respondent_counts",
    "list_assessment_infos",
    "list_free_text",
    "peer_scores_frame",
    "response_scores_frame",
]
