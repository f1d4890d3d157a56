"""The trust report: data -> scoring -> benchmarks -> the report's parts, chart and downloads.

Access: organisation administrators, viewers and platform administrators may see an assessment's
report at any time; board members only once the cycle has closed (``ReportNotReleased``). An
assessment outside the user's scope is reported as missing (``None``), so routes answer 404.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Any

import pandas as pd
from flask import current_app

from valuedcare.benchmarks import summarise_group
from valuedcare.charts import gap, radar, render
from valuedcare.data import actions as actions_data
from valuedcare.data import audit, board_papers, exports, moderation, reports, users
from valuedcare.data import benchmarks as benchmark_data
from valuedcare.data.export_catalogue import EXPORTS
from valuedcare.data.generations import all_generations
from valuedcare.data.questionnaires import (
    get_ingredients,
    get_latest_definition,
    get_questionnaire,
    latest_version_id,
)
from valuedcare.data.records import ActionRecord, AssessmentInfo, CoverSheet
from valuedcare.data.scope import Scope
from valuedcare.disclosure import DisclosureRules
from valuedcare.export_format import Readme
from valuedcare.questionnaire import MATURITY_LEVELS
from valuedcare.reports import compose
from valuedcare.reports.model import (
    AgreedProgress,
    AgreedStatement,
    Cell,
    Change,
    ExperienceGap,
    PlanLine,
    PlanReview,
    PlanSummary,
    StatementLevel,
    TrustReport,
    level_number,
)
from valuedcare.reports.summary import summarise
from valuedcare.scoring import (
    experience_gaps,
    gap_trends,
    ingredient_experience_gaps,
    mirrored_perception_gaps,
    summarise_scores,
    trend_labels,
)
from valuedcare.scoring.columns import BOARD, BOARD_AGREED, EXPERTS_BY_EXPERIENCE, PARTNER
from valuedcare.scoring.priorities import suggest_priorities
from valuedcare.view_cache import cached_page


class ReportNotReleased(Exception):
    """A board member asked for a report before its cycle closed."""

    def __init__(self, info: AssessmentInfo) -> None:
        super().__init__(f"the report for {info.cycle_label} is released when the cycle closes")
        self.info = info


def get_report_info(scope: Scope, assessment_id: int) -> AssessmentInfo | None:
    """The assessment if this scope may see its report; None if it is missing or out of scope.

    Raises ``ReportNotReleased`` for a board member while the cycle is open.
    """
    info = reports.get_assessment_info(scope, assessment_id)
    if info is not None and not users.can_view_reports(scope, info.cycle_is_open):
        raise ReportNotReleased(info)
    return info


def _rules() -> DisclosureRules:
    return DisclosureRules.from_config(current_app.config)


def _summaries(
    info: AssessmentInfo, previous: AssessmentInfo | None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """This cycle's SUMMARY and the trend from the previous cycle (empty without one)."""
    infos = [info] + ([previous] if previous else [])
    response_scores = reports.response_scores_frame(infos)
    summary = summarise_scores(response_scores, rules=_rules())
    current = summary[summary["cycle"] == info.cycle_label].reset_index(drop=True)
    if previous is None or summary.empty:
        return current, pd.DataFrame(columns=["lens", "ingredient"])
    trends = trend_labels(summary, cycles=[previous.cycle_label, info.cycle_label])
    return current, trends[trends["cycle"] == info.cycle_label]


def _peer_group(info: AssessmentInfo) -> pd.DataFrame:
    """The peer-group median and band per lens and ingredient, built once per content of the
    cycle's benchmark frames (their ``version`` digest is part of the key, so never stale)."""
    cycle = benchmark_data.get_cycle_scores(info.cycle_id, rules=_rules())
    key = (
        "report-peer-group",
        cycle.version,
        info.peer_group,
        info.organisation_id,
        _rules(),
    )
    return cached_page(key, lambda: _summarise_peers(info)).copy()


def _summarise_peers(info: AssessmentInfo) -> pd.DataFrame:
    peers = reports.peer_scores_frame(info, rules=_rules())
    if peers.empty:
        return pd.DataFrame(columns=["lens", "ingredient", "median", "shown", "n_organisations"])
    return summarise_group(peers, organisation_id=info.organisation_id, rules=_rules())


def _experience(
    info: AssessmentInfo, previous: AssessmentInfo | None, ingredients: list[tuple[str, str]]
) -> tuple[tuple[ExperienceGap, ...], tuple[ExperienceGap, ...]]:
    """Experts by experience's actual, hoped-for and gap figures: per ingredient (with the gap's
    change since the previous cycle) and per pair of questions, this cycle only."""
    infos = [info] + ([previous] if previous else [])
    pairs_frame, pairs = reports.experience_pairs_frame(infos)
    rules = _rules()
    by_ingredient = ingredient_experience_gaps(pairs_frame, by=["cycle"], rules=rules)
    current = by_ingredient[by_ingredient["cycle"] == info.cycle_label]
    trends = pd.DataFrame()
    if previous is not None and not by_ingredient.empty:
        trends = gap_trends(by_ingredient, cycles=[previous.cycle_label, info.cycle_label])
        trends = trends[trends["cycle"] == info.cycle_label]
    this_cycle = pairs_frame[pairs_frame["cycle"] == info.cycle_label]
    by_item = experience_gaps(this_cycle, rules=rules)
    asked = {pair.ingredient for pair in pairs if pair.ingredient}
    return (
        compose.experience_rows(current, trends, ingredients, asked, _peer_gaps(info)),
        compose.experience_question_rows(by_item, [(pair.key, pair.text) for pair in pairs]),
    )


def _peer_gaps(info: AssessmentInfo) -> pd.DataFrame:
    """The peer group's median experience gap per ingredient (``summarise_group``: shown only
    when enough organisations have an unsuppressed gap), built once per content of the cycle."""
    cycle = benchmark_data.get_cycle_scores(info.cycle_id, rules=_rules())
    key = ("report-peer-gap", cycle.version, info.peer_group, info.organisation_id, _rules())
    return cached_page(key, lambda: _summarise_peer_gaps(info)).copy()


def _summarise_peer_gaps(info: AssessmentInfo) -> pd.DataFrame:
    rules = _rules()
    pairs = reports.peer_experience_pairs(info, rules=rules)
    gaps = ingredient_experience_gaps(pairs, by=["organisation_id"], rules=rules)
    if gaps.empty:
        return pd.DataFrame(columns=["ingredient", "median", "shown", "n_organisations"])
    scores = gaps.rename(columns={"gap": "score"}).assign(lens=EXPERTS_BY_EXPERIENCE)
    return summarise_group(
        scores[["organisation_id", "ingredient", "lens", "score", "suppressed"]],
        organisation_id=info.organisation_id,
        rules=rules,
    )


def _statement_texts(answers: pd.DataFrame, info: AssessmentInfo) -> dict[str, str]:
    """Statement wording in questionnaire order, from the board questionnaire versions used."""
    version_ids = sorted(set(answers["questionnaire_version_id"].dropna().astype(int)))
    if not version_ids:
        found = moderation.get_board_questionnaire(info)
        version_ids = [found[0]] if found else []
    texts: dict[str, str] = {}
    for version_id in version_ids:
        for item in get_questionnaire(version_id).items():
            texts.setdefault(item.id, item.text)
    return texts


def _agreed_statements(
    info: AssessmentInfo, ingredients: list[tuple[str, str]]
) -> tuple[AgreedStatement, ...]:
    position = moderation.get_agreed_position(info)
    found = moderation.get_board_questionnaire(info)
    if position is None or found is None:
        return ()
    titles = dict(ingredients)
    statements = []
    for item in found[1].items():
        agreed = position.answers.get(item.id)
        if agreed is None:
            continue
        ingredient = item.effective_ingredient or ""
        statements.append(
            AgreedStatement(
                ingredient,
                titles.get(ingredient, ingredient),
                item.id,
                item.text,
                agreed.level,
                agreed.target,
                agreed.rationale,
            )
        )
    return tuple(statements)


def _agreed_progress(info: AssessmentInfo) -> AgreedProgress:
    """Statements agreed of those that feed an ingredient, overall and per ingredient (in the
    model's order)."""
    found = moderation.get_board_questionnaire(info)
    if found is None:
        return AgreedProgress()
    position = moderation.get_agreed_position(info)
    agreed_ids = set(position.answers) if position is not None else set()
    titles = {each.id: each.title for each in get_ingredients()}
    per: dict[str, tuple[int, int]] = dict.fromkeys(titles, (0, 0))
    for item in found[1].items():
        ingredient = item.effective_ingredient if item.scored else None
        if not ingredient:
            continue
        agreed, total = per.get(ingredient, (0, 0))
        per[ingredient] = (agreed + (item.id in agreed_ids), total + 1)
    per = {ingredient: counts for ingredient, counts in per.items() if counts[1]}
    return AgreedProgress(
        sum(agreed for agreed, _ in per.values()),
        sum(total for _, total in per.values()),
        per,
        titles,
    )


def _only_complete_agreement(frame: pd.DataFrame, progress: AgreedProgress) -> pd.DataFrame:
    """``frame`` without agreed-position rows of ingredients agreed only in part: an agreed
    score is never computed from part of an ingredient's statements."""
    if frame.empty or "lens" not in frame.columns:
        return frame
    partial = frame["lens"].eq(BOARD_AGREED) & ~frame["ingredient"].map(progress.complete)
    return frame[~partial].reset_index(drop=True)


def build_trust_report(scope: Scope, assessment_id: int) -> TrustReport | None:
    """The report of one assessment, or None when it is missing or outside ``scope``.

    Raises ``ReportNotReleased`` for a board member while the cycle is open.
    """
    info = get_report_info(scope, assessment_id)
    if info is None:
        return None
    ingredients = [(each.id, each.title) for each in get_ingredients()]
    previous = reports.get_previous_assessment_info(info)
    core = cached_page(_report_key(info, previous), lambda: _build_report(info, previous))
    report = replace(core, **_plan_parts(scope, info, ingredients))
    return replace(report, summary=summarise(report))


def _data_key(info: AssessmentInfo) -> tuple[Any, ...]:
    """What every figure of ``info``'s report is built from, read cheaply: the generation of
    every cycle's scores (raised by every submission, agreed position, release and rebuild), the
    newest questionnaire version, and the disclosure rules."""
    return (info, all_generations(), latest_version_id(), _rules())


def _report_key(info: AssessmentInfo, previous: AssessmentInfo | None) -> tuple[Any, ...]:
    """The key of a cached report: its data, the previous cycle it compares with, and the
    comment review decisions (which change what it quotes). The improvement plan is read on
    every request, outside the cache."""
    reviews = reports.review_fingerprint(info.assessment_id)
    return ("trust-report", *_data_key(info), previous, reviews)


def _build_report(info: AssessmentInfo, previous: AssessmentInfo | None) -> TrustReport:
    """Every part of the report except the improvement plan's."""
    ingredients = [(each.id, each.title) for each in get_ingredients()]
    summary, trends = _summaries(info, previous)
    progress = _agreed_progress(info)
    summary = _only_complete_agreement(summary, progress)
    trends = _only_complete_agreement(trends, progress)
    peers = _peer_group(info)
    answers = reports.board_answers_frame(info)
    answers = _only_complete_agreement(answers, progress)
    texts = _statement_texts(answers, info)
    table = compose.score_table(summary, peers, ingredients, reports.asked_ingredients(info))
    experience, experience_questions = _experience(info, previous, ingredients)
    cards = compose.ingredient_cards(summary, trends, peers, answers, ingredients, texts)
    perception = compose.perception_gap_rows(
        mirrored_perception_gaps(*reports.mirrored_answers(info), rules=_rules()), ingredients
    )
    agreed = _agreed_statements(info, ingredients)
    return TrustReport(
        info=info,
        previous_cycle=previous.cycle_label if previous else None,
        respondents=reports.lens_respondent_counts(info),
        table=table,
        peer_shown=any(row.peer_median.has_score for row in table),
        cards=cards,
        perception_gaps=perception,
        disagreements=compose.disagreement_rows(answers, ingredients, texts),
        agreed=agreed,
        comments=tuple(reports.list_free_text(info, rules=_rules())),
        agreed_progress=progress,
        not_known=compose.not_known_rows(answers, ingredients, texts),
        rules=_rules(),
        awaiting_release=frozenset(reports.lenses_awaiting_release(info)),
        experience=experience,
        experience_questions=experience_questions,
        questionnaires=tuple(reports.questionnaires_used(info)),
        breakdowns=tuple(
            found
            for lens in (EXPERTS_BY_EXPERIENCE, PARTNER)
            if (
                found := compose.breakdown(
                    *reports.breakdown_scores_frame(info, lens), lens, ingredients, _rules()
                )
            )
            is not None
        ),
        suggestions=suggest_priorities(
            compose.ingredient_facts(cards, perception, peers),
            compose.statement_facts(answers, texts),
            limit=SUGGESTIONS_SHOWN,
        ),
        statement_levels=_statement_levels(info, answers, agreed),
    )


#: How many suggested priorities a report lists.
SUGGESTIONS_SHOWN = 10


def _statement_levels(
    info: AssessmentInfo, answers: pd.DataFrame, agreed: tuple[AgreedStatement, ...]
) -> tuple[StatementLevel, ...]:
    """Each board statement's level (agreed, else members' mean) with the guidance for reaching
    the next level. Guidance comes from the version answered, else from the current version's
    statement with the same ``measures`` key (older versions carry none)."""
    found = moderation.get_board_questionnaire(info)
    if found is None:
        return ()
    latest = get_latest_definition(found[1].slug)
    current = {item.measures: item for item in latest.items()} if latest else {}
    agreed_levels = {each.item_id: each.level for each in agreed}
    scores = compose.statement_scores(answers, {})
    means = dict(zip(scores["item_id"], scores["score"], strict=True))
    levels = []
    for item in found[1].items():
        if item.type != "maturity" or not item.effective_ingredient:
            continue
        if item.id in agreed_levels:
            score, is_agreed = float(agreed_levels[item.id]), True
        elif item.id in means:
            score, is_agreed = float(means[item.id]), False
        else:
            continue
        level = level_number(score) or 1
        step = item.next_step(level)
        if step is None and level < len(MATURITY_LEVELS) and item.measures in current:
            step = current[item.measures].next_step(level)
        levels.append(
            StatementLevel(item.effective_ingredient, item.id, item.text, score, is_agreed, step)
        )
    return tuple(levels)


def _plan_parts(
    scope: Scope, info: AssessmentInfo, ingredients: list[tuple[str, str]]
) -> dict[str, Any]:
    """The report's ``plan_review`` and ``plan`` from one read of the organisation's actions."""
    everything = actions_data.list_actions(scope, info.organisation_id)
    today = actions_data.today()
    titles = dict(ingredients)
    order = {ingredient: rank for rank, (ingredient, _) in enumerate(ingredients)}
    ordered = sorted(everything, key=lambda each: (order.get(each.ingredient, 99), each.id))

    def line(action: ActionRecord) -> PlanLine:
        return PlanLine(
            titles.get(action.ingredient, action.ingredient),
            action.text,
            action.owner_text,
            action.due_on,
            action.status_text,
            action.is_overdue(today),
            action.cycle_label,
        )

    plan = PlanSummary(
        open=tuple(line(action) for action in ordered if action.is_open),
        done=tuple(
            line(action)
            for action in ordered
            if action.status == "done" and action.updated_at.date() >= info.cycle_opens_on
        ),
    )
    return {"plan": plan, "plan_review": _plan_review(scope, info, ingredients, everything)}


def _plan_review(
    scope: Scope,
    info: AssessmentInfo,
    ingredients: list[tuple[str, str]],
    everything: list[ActionRecord],
) -> tuple[PlanReview, ...]:
    """Actions agreed in earlier cycles, with their status now and their ingredient's change
    in score since the cycle each was agreed in."""
    earlier = [action for action in everything if action.cycle_id != info.cycle_id]
    if not earlier:
        return ()
    changes: dict[int, dict[str, Change | None]] = {}
    for assessment_id in {action.assessment_id for action in earlier}:
        since = reports.get_assessment_info(scope, assessment_id)
        if since is None or since.cycle_opens_on >= info.cycle_opens_on:
            continue
        changes[assessment_id] = {
            each.ingredient: each.change for each in ingredient_positions(info, since)
        }
    order = {ingredient: rank for rank, (ingredient, _) in enumerate(ingredients)}
    titles = dict(ingredients)
    reviews = [
        PlanReview(
            action.ingredient,
            titles.get(action.ingredient, action.ingredient),
            action.id,
            action.text,
            action.status,
            action.status_text,
            action.cycle_label,
            action.is_overdue(actions_data.today()),
            changes[action.assessment_id].get(action.ingredient),
        )
        for action in earlier
        if action.assessment_id in changes
    ]
    return tuple(sorted(reviews, key=lambda each: (order.get(each.ingredient, 99), each.action_id)))


RadarKey = tuple[str, tuple[tuple[str, str, float], ...], tuple[tuple[str, str], ...]]


def _radar_key(report: TrustReport) -> RadarKey:
    """Everything the radar chart is drawn from: title, (series, ingredient, score), axes."""
    title = f"{report.info.organisation_name}, {report.info.cycle_label}"
    points = tuple(compose.radar_scores(report.table).itertuples(index=False, name=None))
    axes = tuple((each.id, each.short_title) for each in get_ingredients())
    return title, points, axes


def _chart(key: RadarKey):
    title, points, axes = key
    scores = pd.DataFrame(list(points), columns=["series", "ingredient", "score"])
    return radar.radar_chart(scores, ingredients=list(axes), title=title)


# The chart depends only on its key, so identical data never renders twice in one process.
@lru_cache(maxsize=256)
def _spec_json(key: RadarKey) -> str:
    return json.dumps(render.to_spec(_chart(key)), separators=(",", ":"))


@lru_cache(maxsize=64)
def _svg(key: RadarKey) -> str:
    return render.to_svg(_chart(key))


@lru_cache(maxsize=32)
def _png(key: RadarKey) -> bytes:
    return render.to_png(_chart(key), scale=2)


def radar_chart(report: TrustReport):
    """The report's radar chart (an Altair layer chart)."""
    return _chart(_radar_key(report))


def radar_spec_json(report: TrustReport) -> str:
    """The themed Vega-Lite spec of the radar chart as JSON text, for the page."""
    return _spec_json(_radar_key(report))


def radar_spec(report: TrustReport) -> dict[str, Any]:
    """The themed Vega-Lite spec of the radar chart."""
    return json.loads(radar_spec_json(report))


def radar_svg(report: TrustReport) -> str:
    """The radar chart as an SVG document (vl-convert)."""
    return _svg(_radar_key(report))


def radar_png(report: TrustReport) -> bytes:
    """The radar chart as a PNG image at twice the chart's size (vl-convert)."""
    return _png(_radar_key(report))


GapKey = tuple[tuple[str, float, float], ...]


def _gap_key(report: TrustReport) -> GapKey:
    """Everything the dumbbell chart is drawn from: (question, actual, hoped) of shown rows."""
    frame = compose.experience_gap_frame(report.experience_questions)
    return tuple(frame.itertuples(index=False, name=None))


def _gap_chart(key: GapKey):
    return gap.dumbbell_chart(pd.DataFrame(list(key), columns=["item", "actual", "hoped"]))


@lru_cache(maxsize=256)
def _gap_spec_json(key: GapKey) -> str:
    return json.dumps(render.to_spec(_gap_chart(key)), separators=(",", ":"))


@lru_cache(maxsize=64)
def _gap_svg(key: GapKey) -> str:
    return render.to_svg(_gap_chart(key))


def gap_spec_json(report: TrustReport) -> str:
    """The dumbbell chart of the experience gap as Vega-Lite JSON (no rows with nothing to
    draw: the page then shows no chart)."""
    return _gap_spec_json(_gap_key(report))


def gap_svg(report: TrustReport) -> str | None:
    """The dumbbell chart of the experience gap as SVG; None with nothing to draw."""
    key = _gap_key(report)
    return _gap_svg(key) if key else None


@dataclass(frozen=True)
class Export:
    """A download's header, rows (in chunks), sheet name and Excel "Readme" sheet."""

    name: str
    header: tuple[str, ...]
    chunks: Iterator[list[tuple]]
    sheet: str = "Data"
    readme: Readme | None = None


def assessment_export(info: AssessmentInfo, kind: str) -> Export:
    """One of the ``export_catalogue.EXPORTS`` for one assessment, under the disclosure rules:
    board answers row by row, anonymous lenses only as protected per-question summaries, scores
    of small anonymous groups empty."""
    if kind not in EXPORTS:
        raise ValueError(f"unknown export {kind!r}")
    chosen = EXPORTS[kind]
    rules = _rules()
    export = exports.ExportFilter(scope=_scope_of(info), assessment_id=info.assessment_id)
    return Export(
        chosen.name,
        chosen.columns,
        chosen.chunks(export, rules),
        chosen.sheet,
        chosen.readme(rules),
    )


def _scope_of(info: AssessmentInfo) -> Scope:
    """A scope covering only the assessment's organisation (already checked by the caller)."""
    return Scope(user_id=None, role="organisation", organisation_id=info.organisation_id)


def download_name(info: AssessmentInfo, what: str, extension: str) -> str:
    """A file name such as ``DEMO01-2025-26-scores.csv``."""
    cycle = info.cycle_label.replace("/", "-")
    return f"{info.organisation_code}-{cycle}-{what}.{extension}"


def list_reports(scope: Scope) -> list[AssessmentInfo]:
    """The assessments whose reports this scope may open (board members: closed cycles only)."""
    infos = reports.list_assessment_infos(scope)
    infos = [info for info in infos if users.can_view_reports(scope, info.cycle_is_open)]
    return infos


def cover_sheet(info: AssessmentInfo) -> CoverSheet:
    """What the improvement lead wrote on the board paper's cover sheet (empty when nothing)."""
    return board_papers.get_cover_sheet(info)


def save_cover_sheet(info: AssessmentInfo, sheet: CoverSheet, user: Any) -> None:
    """Save the board paper's cover sheet and record who changed it (not what they wrote)."""
    board_papers.save_cover_sheet(info, sheet, getattr(user, "id", None))
    audit.record(
        "board_paper_cover_saved",
        actor=user,
        organisation_id=info.organisation_id,
        target_type="assessment",
        target_id=str(info.assessment_id),
        detail={"cycle": info.cycle_label},
    )


def record_download(info: AssessmentInfo, what: str, user: Any) -> None:
    """Record an "export" audit event for a download (what was downloaded, never its content)."""
    audit.record(
        "export",
        actor=user,
        organisation_id=info.organisation_id,
        target_type="assessment",
        target_id=str(info.assessment_id),
        detail={"download": what, "cycle": info.cycle_label},
    )


@dataclass(frozen=True)
class IngredientPosition:
    """Where an organisation stands on one ingredient in one cycle: the agreed position's score
    when the board agreed it in full, else board members' (``lens`` says which), the target the
    board set for 12 months' time, and the change since ``since`` (a documented trend label)."""

    ingredient: str
    title: str
    lens: str
    cell: Cell
    target: float | None
    change: Change | None


def ingredient_positions(
    info: AssessmentInfo, since: AssessmentInfo | None = None
) -> tuple[IngredientPosition, ...]:
    """Each ingredient's position in ``info``'s cycle, in the model's order, with its change
    since ``since`` (the previous cycle when not given), using the trends page's change rule.
    Cached by the data it is built from."""
    return cached_page(
        ("ingredient-positions", *_data_key(info), since),
        lambda: _ingredient_positions(info, since),
    )


def _ingredient_positions(
    info: AssessmentInfo, since: AssessmentInfo | None
) -> tuple[IngredientPosition, ...]:
    ingredients = [(each.id, each.title) for each in get_ingredients()]
    earlier = since if since is not None else reports.get_previous_assessment_info(info)
    if earlier is not None and earlier.cycle_opens_on >= info.cycle_opens_on:
        earlier = None
    summary, trends = _summaries(info, earlier)
    progress = _agreed_progress(info)
    summary = _only_complete_agreement(summary, progress)
    trends = _only_complete_agreement(trends, progress)
    answers = _only_complete_agreement(reports.board_answers_frame(info), progress)
    empty_peers = pd.DataFrame(columns=["lens", "ingredient", "median", "shown", "n_organisations"])
    cards = compose.ingredient_cards(summary, trends, empty_peers, answers, ingredients, {})
    positions = []
    for card in cards:
        lines = {line.lens: line for line in card.lines}
        line = lines[BOARD_AGREED] if lines[BOARD_AGREED].cell.has_score else lines[BOARD]
        positions.append(
            IngredientPosition(
                card.ingredient,
                card.title,
                line.lens,
                line.cell,
                card.target_gap.target if card.target_gap else None,
                line.change,
            )
        )
    return tuple(positions)
