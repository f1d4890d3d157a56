"""Moderation: the spread of board members' levels per statement, and recording the agreed position.

Who: organisation administrators (their own organisation) and platform administrators. The page
shows, for each maturity statement of the board questionnaire, how many members chose each level,
the lowest and highest level, the median, "don't know" answers and members' comments (in
alphabetical order, never tied to a member). The form records the agreed level, target and
rationale; see ``valuedcare.reports.forms`` for the rules.

The meeting works through a task list of the ingredients (``tasks``), one page per ingredient with
the statements needing discussion first (``get_ingredient_page``; the rules are in
``valuedcare.reports.discussion``), and saves one ingredient at a time
(``save_ingredient_position``), keeping what is agreed for the other ingredients.
"""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass

from valuedcare.data import moderation, reports
from valuedcare.data.moderation import AgreedAnswer, AgreedPosition, StaleAgreedPosition
from valuedcare.data.questionnaires import get_ingredients
from valuedcare.data.records import AssessmentInfo
from valuedcare.data.scope import Scope
from valuedcare.questionnaire import Item, Questionnaire
from valuedcare.reports.discussion import (
    Reason,
    TaskStatus,
    discussion_first,
    discussion_reasons,
    task_status,
)
from valuedcare.reports.forms import ModerationForm, StatementRule, build_moderation_form

__all__ = [
    "IngredientPage",
    "IngredientTask",
    "ModerationPage",
    "StaleAgreedPosition",
    "build_form",
    "build_ingredient_form",
    "get_ingredient_page",
    "get_moderation_page",
    "save_agreed_position",
    "save_ingredient_position",
]


@dataclass(frozen=True)
class StatementSpread:
    """Members' answers to one statement, combined."""

    item_id: str
    label: str
    text: str
    levels: tuple[str, ...]
    ask_target: bool
    counts: tuple[int, int, int, int, int]
    dont_know: int
    lowest: int | None
    highest: int | None
    median: float | None
    comments: tuple[str, ...]
    target_median: float | None = None
    reasons: tuple[Reason, ...] = ()

    @property
    def members(self) -> int:
        """Members who gave a level (not "don't know")."""
        return sum(self.counts)

    @property
    def needs_discussion(self) -> bool:
        return bool(self.reasons)


@dataclass(frozen=True)
class IngredientGroup:
    ingredient: str
    title: str
    statements: tuple[StatementSpread, ...]


@dataclass(frozen=True)
class ModerationPage:
    info: AssessmentInfo
    version_id: int
    groups: tuple[IngredientGroup, ...]
    members: int
    position: AgreedPosition | None

    @property
    def rules(self) -> tuple[StatementRule, ...]:
        return tuple(
            StatementRule(s.item_id, s.label, s.median)
            for group in self.groups
            for s in group.statements
        )

    def agreed_level(self, item_id: str) -> int | None:
        """The recorded agreed level of a statement, or None."""
        agreed = self.position.answers.get(item_id) if self.position else None
        return agreed.level if agreed else None

    def task(self, group: IngredientGroup) -> IngredientTask:
        agreed = sum(1 for s in group.statements if self.agreed_level(s.item_id) is not None)
        return IngredientTask(
            ingredient=group.ingredient,
            title=group.title,
            statements=len(group.statements),
            agreed=agreed,
            to_discuss=sum(1 for s in group.statements if s.needs_discussion),
            status=task_status(agreed, len(group.statements)),
        )

    @property
    def tasks(self) -> tuple[IngredientTask, ...]:
        """The task list: each ingredient in the model's order, with how far it is agreed."""
        return tuple(self.task(group) for group in self.groups)

    def group(self, ingredient: str) -> IngredientGroup | None:
        return next((g for g in self.groups if g.ingredient == ingredient), None)


@dataclass(frozen=True)
class IngredientTask:
    """One line of the task list."""

    ingredient: str
    title: str
    statements: int
    agreed: int
    to_discuss: int
    status: TaskStatus


@dataclass(frozen=True)
class IngredientPage:
    """One ingredient's statements, those needing discussion first."""

    moderation: ModerationPage
    group: IngredientGroup
    statements: tuple[StatementSpread, ...]
    task: IngredientTask
    next_group: IngredientGroup | None
    previous_group: IngredientGroup | None

    @property
    def info(self) -> AssessmentInfo:
        return self.moderation.info

    @property
    def to_discuss(self) -> tuple[StatementSpread, ...]:
        return tuple(s for s in self.statements if s.needs_discussion)

    @property
    def rules(self) -> tuple[StatementRule, ...]:
        return tuple(StatementRule(s.item_id, s.label, s.median) for s in self.statements)


def statement_label(item_id: str) -> str:
    """How a statement is named in messages: "statement EBE1"."""
    return f"statement {item_id.upper()}"


def _spread(item: Item, answers: list[moderation.MemberAnswer]) -> StatementSpread:
    levels = [int(a.score) for a in answers if a.score is not None and not a.not_known]
    counts = tuple(levels.count(level) for level in range(1, 6))
    dont_know = sum(1 for a in answers if a.not_known)
    targets = [a.target for a in answers if a.target is not None]
    target_median = float(statistics.median(targets)) if targets else None
    comments = sorted(a.comment.strip() for a in answers if a.comment and a.comment.strip())
    return StatementSpread(
        item_id=item.id,
        label=statement_label(item.id),
        text=item.text,
        levels=tuple(item.levels or ()),
        ask_target=item.ask_target,
        counts=counts,  # type: ignore[arg-type]
        dont_know=dont_know,
        lowest=min(levels) if levels else None,
        highest=max(levels) if levels else None,
        median=float(statistics.median(levels)) if levels else None,
        comments=tuple(comments),
        target_median=target_median,
        reasons=discussion_reasons(counts, dont_know, target_median),
    )


def _groups(
    questionnaire: Questionnaire, answers: list[moderation.MemberAnswer]
) -> tuple[IngredientGroup, ...]:
    by_item: dict[str, list[moderation.MemberAnswer]] = defaultdict(list)
    for answer in answers:
        by_item[answer.item_id].append(answer)
    titles = {each.id: each.title for each in get_ingredients()}
    grouped: dict[str, list[StatementSpread]] = {}
    for item in questionnaire.items():
        if not item.kind.is_maturity or not item.effective_ingredient:
            continue
        spread = _spread(item, by_item.get(item.id, []))
        grouped.setdefault(item.effective_ingredient, []).append(spread)
    order = list(titles)
    return tuple(
        IngredientGroup(ingredient, titles.get(ingredient, ingredient), tuple(statements))
        for ingredient, statements in sorted(
            grouped.items(), key=lambda pair: order.index(pair[0]) if pair[0] in order else 99
        )
    )


def get_moderation_page(scope: Scope, assessment_id: int) -> ModerationPage | None:
    """The moderation page of an assessment; None if it is missing, outside the scope, or there
    is no board questionnaire."""
    info = reports.get_assessment_info(scope, assessment_id)
    if info is None:
        return None
    found = moderation.get_board_questionnaire(info)
    if found is None:
        return None
    version_id, questionnaire = found
    answers = moderation.list_member_answers(info)
    members = reports.lens_respondent_counts(info).get("board", 0)
    return ModerationPage(
        info,
        version_id,
        _groups(questionnaire, answers),
        members,
        moderation.get_agreed_position(info),
    )


def get_ingredient_page(scope: Scope, assessment_id: int, ingredient: str) -> IngredientPage | None:
    """One ingredient's moderation page; None if the assessment is not found (as
    ``get_moderation_page``) or the ingredient has no statements to moderate."""
    page = get_moderation_page(scope, assessment_id)
    if page is None:
        return None
    group = page.group(ingredient)
    if group is None:
        return None
    index = page.groups.index(group)
    return IngredientPage(
        moderation=page,
        group=group,
        statements=tuple(discussion_first(group.statements, lambda s: s.reasons)),
        task=page.task(group),
        next_group=page.groups[index + 1] if index + 1 < len(page.groups) else None,
        previous_group=page.groups[index - 1] if index else None,
    )


def _recorded_values(position: AgreedPosition | None) -> dict[str, object]:
    if position is None:
        return {"revision": ""}
    data: dict[str, object] = {"revision": str(position.revision)}
    for item_id, agreed in position.answers.items():
        data[f"level_{item_id}"] = str(agreed.level)
        data[f"target_{item_id}"] = str(agreed.target) if agreed.target else ""
        data[f"rationale_{item_id}"] = agreed.rationale or ""
    return data


def build_form(page: ModerationPage, *, submitted: bool) -> ModerationForm:
    """The moderation form: filled from the request when ``submitted``, else from the recorded
    agreed position (a posted form never falls back on recorded values)."""
    data = None if submitted else _recorded_values(page.position)
    return build_moderation_form(page.rules, data=data)


def build_ingredient_form(page: IngredientPage, *, submitted: bool) -> ModerationForm:
    """The moderation form for one ingredient's statements (see ``build_form``)."""
    data = None if submitted else _recorded_values(page.moderation.position)
    return build_moderation_form(page.rules, data=data)


def save_ingredient_position(
    page: IngredientPage, form: ModerationForm, user_id: int | None
) -> int:
    """Store the validated form of one ingredient, keeping what is agreed for the other
    statements; returns how many of this ingredient's statements are agreed.

    Raises ``StaleAgreedPosition`` when someone else saved in the meantime.
    """
    position = page.moderation.position
    ours = {s.item_id for s in page.statements}
    known = {rule.item_id for rule in page.moderation.rules}
    decisions = {
        item_id: agreed
        for item_id, agreed in (position.answers.items() if position else ())
        if item_id in known and item_id not in ours
    }
    agreed_here = {
        item_id: AgreedAnswer(level, target, rationale)
        for item_id, (level, target, rationale) in form.decisions().items()
    }
    if not agreed_here and not (position and ours & set(position.answers)):
        return 0  # nothing agreed here, before or now
    decisions.update(agreed_here)
    revision = form.revision.data
    moderation.save_agreed_position(
        page.info,
        page.moderation.version_id,
        decisions,
        expected_revision=int(revision) if revision else None,
        user_id=user_id,
    )
    return len(agreed_here)


def save_agreed_position(page: ModerationPage, form: ModerationForm, user_id: int | None) -> int:
    """Store the validated form as the agreed response; returns how many statements are agreed.

    Raises ``StaleAgreedPosition`` when someone else saved in the meantime.
    """
    revision = form.revision.data
    decisions = {
        item_id: AgreedAnswer(level, target, rationale)
        for item_id, (level, target, rationale) in form.decisions().items()
    }
    if not decisions and page.position is None:
        return 0
    moderation.save_agreed_position(
        page.info,
        page.version_id,
        decisions,
        expected_revision=int(revision) if revision else None,
        user_id=user_id,
    )
    return len(decisions)
