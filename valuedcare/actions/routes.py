"""Action notes for an organisation's assessment (improvement leads and platform administrators)."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from valuedcare import access
from valuedcare.actions import bp
from valuedcare.actions.forms import ActionNoteForm, DeleteForm
from valuedcare.data import actions, audit
from valuedcare.data.questionnaires import get_ingredients

LEADS = ("organisation_admin", "platform_admin")


def _ingredient_choices() -> list[tuple[str, str]]:
    return [(each.id, each.title) for each in get_ingredients()]


@bp.route("/assessments/<int:assessment_id>", methods=["GET", "POST"])
@access.signed_in(*LEADS)
def notes(assessment_id: int) -> str | Response:
    scope = access.current_scope()
    assessment = actions.get_assessment(scope, assessment_id)
    if assessment is None:
        abort(404)
    choices = _ingredient_choices()
    form = ActionNoteForm(ingredients=choices)
    if form.validate_on_submit():
        note = actions.add_note(
            scope,
            assessment_id,
            ingredient=form.ingredient.data,
            text=form.text.data,
            owner=form.owner.data,
            due_on=form.due_on.data,
        )
        if note is None:
            abort(404)
        audit.record(
            "action_note_added",
            organisation_id=assessment.organisation_id,
            target_type="action_note",
            target_id=str(note.id),
        )
        flash("Action added", "success")
        return redirect(url_for("actions.notes", assessment_id=assessment_id))
    return render_template(
        "actions/notes.html",
        assessment=assessment,
        form=form,
        delete_form=DeleteForm(),
        notes=actions.list_notes(scope, assessment_id),
        titles=dict(choices),
    )


@bp.post("/notes/<int:note_id>/delete")
@access.signed_in(*LEADS)
def delete(note_id: int) -> Response:
    if not DeleteForm().validate_on_submit():
        abort(400)
    note = actions.delete_note(access.current_scope(), note_id)
    if note is None:
        abort(404)
    audit.record("action_note_deleted", target_type="action_note", target_id=str(note_id))
    flash("Action deleted", "success")
    return redirect(url_for("actions.notes", assessment_id=note.assessment_id))
