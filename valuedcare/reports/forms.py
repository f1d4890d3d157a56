"""The moderation form: the board's agreed level, target and rationale for each statement.

The form class is built afresh for each request from the statements being moderated (three fields
per statement: ``level_<id>``, ``target_<id>``, ``rationale_<id>``), never by changing a shared
class.

Rules, checked together in ``validate``:
- a level may be left as "Not agreed yet"; a target needs a level and may not be below it;
- a rationale (at most ``RATIONALE_MAX`` characters) is required when the agreed level is more than
  half a level away from the members' median, that is when it is not one of the levels nearest to
  what members said. A rationale is always welcome.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wtforms import HiddenField, SelectField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length

from valuedcare.forms.base import BaseForm
from valuedcare.questionnaire import MATURITY_LEVELS

RATIONALE_MAX = 500
LEVEL_CHOICES = [SelectChoice("", "Not agreed yet")] + [
    SelectChoice(str(number), f"{number} {name}")
    for number, name in enumerate(MATURITY_LEVELS, start=1)
]
TARGET_CHOICES = [SelectChoice("", "No target")] + LEVEL_CHOICES[1:]


@dataclass(frozen=True)
class StatementRule:
    """What the form needs to know about a statement: its id, label and the members' median."""

    item_id: str
    label: str
    members_median: float | None


class ModerationForm(BaseForm):
    """Base class; ``build_moderation_form`` adds the statement fields."""

    revision = HiddenField()
    rules: Sequence[StatementRule] = ()

    def field_for(self, kind: str, item_id: str) -> Any:
        return self[f"{kind}_{item_id}"]

    def validate(self, extra_validators: Mapping[str, Any] | None = None) -> bool:
        valid = super().validate(extra_validators)
        for rule in self.rules:
            valid = _check_statement(self, rule) and valid
        return valid

    def decisions(self) -> dict[str, tuple[int, int | None, str | None]]:
        """Statement id -> (level, target, rationale) for every statement with an agreed level."""
        found = {}
        for rule in self.rules:
            level = self.field_for("level", rule.item_id).data
            if not level:
                continue
            target = self.field_for("target", rule.item_id).data
            rationale = (self.field_for("rationale", rule.item_id).data or "").strip()
            found[rule.item_id] = (int(level), int(target) if target else None, rationale or None)
        return found


def _check_statement(form: ModerationForm, rule: StatementRule) -> bool:
    level_field = form.field_for("level", rule.item_id)
    target_field = form.field_for("target", rule.item_id)
    rationale_field = form.field_for("rationale", rule.item_id)
    level = int(level_field.data) if level_field.data else None
    target = int(target_field.data) if target_field.data else None
    ok = True
    if target is not None and level is None:
        target_field.errors.append(f"Select the agreed level for {rule.label} before its target")
        ok = False
    elif target is not None and level is not None and target < level:
        target_field.errors.append(
            f"The target for {rule.label} must be the same as or higher than the agreed level"
        )
        ok = False
    rationale = (rationale_field.data or "").strip()
    if level is not None and needs_rationale(level, rule.members_median) and not rationale:
        rationale_field.errors.append(
            f"Give the reason for agreeing level {level} for {rule.label}, as members' answers "
            f"centred on {rule.members_median:.1f}"
        )
        ok = False
    return ok


def needs_rationale(level: int, members_median: float | None) -> bool:
    """True when ``level`` is more than half a level from the members' median."""
    return members_median is not None and abs(level - members_median) > 0.5


def build_moderation_form(
    rules: Sequence[StatementRule], *, data: Mapping[str, Any] | None = None
) -> ModerationForm:
    """A moderation form for these statements, filled from the request or else from ``data``
    (field name -> value, e.g. the agreed position already recorded)."""

    class _Form(ModerationForm):
        pass

    for rule in rules:
        for name, field in _statement_fields(rule).items():
            setattr(_Form, name, field)
    _Form.rules = tuple(rules)
    return _Form(data=dict(data or {}))


def _statement_fields(rule: StatementRule) -> dict[str, Any]:
    """The three unbound fields of one statement, by field name."""
    too_long = f"The rationale for {rule.label} must be {RATIONALE_MAX} characters or fewer"
    return {
        f"level_{rule.item_id}": SelectField(
            f"Agreed level for {rule.label}", choices=LEVEL_CHOICES, default=""
        ),
        f"target_{rule.item_id}": SelectField(
            f"Target in 12 months for {rule.label}", choices=TARGET_CHOICES, default=""
        ),
        f"rationale_{rule.item_id}": TextAreaField(
            f"Rationale for {rule.label}",
            validators=[Length(max=RATIONALE_MAX, message=too_long)],
        ),
    }
