"""The form of the board paper's cover sheet: what the improvement lead writes (every part
optional; the paper shows a placeholder for what is left empty)."""

from __future__ import annotations

from wtforms import RadioField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import Length, Optional

from valuedcare.data.records import ASSURANCE_LEVELS, PAPER_PURPOSES, CoverSheet
from valuedcare.forms.base import BaseForm
from valuedcare.forms.dates import NhsDateField
from valuedcare.forms.widgets import NhsInput, NhsRadios, NhsTextarea

MEETING_MAX = 200
TEXT_MAX = 3000


def _text(label: str, hint: str) -> TextAreaField:
    name = label.removesuffix(" (optional)")
    return TextAreaField(
        label,
        description=hint,
        widget=NhsTextarea(),
        validators=[
            Optional(),
            Length(max=TEXT_MAX, message=f"{name} must be 3,000 characters or fewer"),
        ],
    )


class CoverSheetForm(BaseForm):
    """The cover sheet; built with ``obj=`` a saved ``CoverSheet`` to show what was written."""

    meeting = StringField(
        "Meeting (optional)",
        description="For example, Trust board meeting in public",
        widget=NhsInput(width=30),
        validators=[
            Optional(),
            Length(max=MEETING_MAX, message="Meeting must be 200 characters or fewer"),
        ],
    )
    meeting_on = NhsDateField(
        "Date of the meeting (optional)", optional=True, description="For example, 14 5 2027"
    )
    purpose = RadioField(
        "Purpose (optional)",
        description="What the board is asked to do with this paper",
        widget=NhsRadios(legend_size="s"),
        choices=[SelectChoice(key, text) for key, text in PAPER_PURPOSES.items()],
        validators=[Optional()],
    )
    executive_summary = _text(
        "Executive summary (optional)",
        "Leave empty to use the summary generated from the results",
    )
    recommendation = _text(
        "Recommendation (optional)", "For example, The board is asked to note the results"
    )
    assurance = RadioField(
        "Level of assurance (optional)",
        description="How far the paper assures the board",
        widget=NhsRadios(legend_size="s"),
        choices=[SelectChoice(key, text) for key, text in ASSURANCE_LEVELS.items()],
        validators=[Optional()],
    )
    strategic_objectives = _text(
        "Links to strategic objectives (optional)", "The trust's objectives this paper supports"
    )
    risks = _text(
        "Links to risks (optional)", "Board assurance framework or corporate risk register entries"
    )

    def sheet(self) -> CoverSheet:
        """What the form holds, with empty answers as None."""

        def text(value: str | None) -> str | None:
            return (value or "").strip() or None

        return CoverSheet(
            meeting=text(self.meeting.data),
            meeting_on=self.meeting_on.data,
            purpose=self.purpose.data or None,
            executive_summary=text(self.executive_summary.data),
            recommendation=text(self.recommendation.data),
            assurance=self.assurance.data or None,
            strategic_objectives=text(self.strategic_objectives.data),
            risks=text(self.risks.data),
        )
