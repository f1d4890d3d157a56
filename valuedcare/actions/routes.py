"""The improvement plan's pages. Board members and viewers read the plan and each action;
improvement leads (and platform administrators) add and change actions. Other organisations'
actions answer 404."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from flask import abort, flash, redirect, render_template, request, url_for
from werkzeug.wrappers import Response

from valuedcare import access
from valuedcare.actions import bp, statements
from valuedcare.actions.forms import ActionForm, ProgressForm
from valuedcare.actions.plan import PLAN_COLUMNS, build_plan, plan_readme, plan_rows
from valuedcare.data import actions, audit
from valuedcare.data.actions import ActionFields, Conflict, OwnerNotAllowed, today
from valuedcare.data.organisations import get_organisation
from valuedcare.data.questionnaires import get_ingredients
from valuedcare.data.records import ActionRecord
from valuedcare.export_format import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, to_bytes
from valuedcare.forms.base import RevisionForm

MEDIA_TYPES = {"csv": f"{CSV_MEDIA_TYPE}; charset=utf-8", "xlsx": XLSX_MEDIA_TYPE}

READERS = ("platform_admin", "organisation_admin", "board_member", "viewer")
LEADS = ("organisation_admin", "platform_admin")


def _titles() -> dict[str, str]:
    return {each.id: each.title for each in get_ingredients()}


def _audit(event: str, action: ActionRecord, **detail: str) -> None:
    audit.record(
        event,
        organisation_id=action.organisation_id,
        target_type="action",
        target_id=str(action.id),
        detail={"ingredient": action.ingredient, "status": action.status, **detail},
    )


@bp.get("/plan")
@access.signed_in("organisation_admin", "board_member", "viewer")
def own_plan() -> Response:
    """The signed-in person's own organisation's plan."""
    organisation_id = access.current_scope().organisation_id
    if organisation_id is None:
        abort(404)
    return redirect(url_for("actions.plan", organisation_id=organisation_id))


@bp.get("/organisations/<int:organisation_id>/plan")
@access.signed_in(*READERS)
def plan(organisation_id: int) -> str:
    found = build_plan(access.current_scope(), organisation_id)
    if found is None:
        abort(404)
    return render_template("actions/plan.html", plan=found)


@bp.get("/organisations/<int:organisation_id>/plan.<any(csv, xlsx):kind>")
@access.signed_in(*READERS)
def plan_download(organisation_id: int, kind: str) -> Response:
    found = build_plan(access.current_scope(), organisation_id)
    if found is None:
        abort(404)
    body = to_bytes(
        "xlsx" if kind == "xlsx" else "csv",
        [column.name for column in PLAN_COLUMNS],
        [plan_rows(found)],
        sheet="Plan",
        readme=plan_readme(found),
    )
    audit.record(
        "export",
        organisation_id=organisation_id,
        target_type="organisation",
        target_id=str(organisation_id),
        detail={"download": f"plan.{kind}"},
    )
    response = Response(body, mimetype=MEDIA_TYPES[kind])
    name = f"{found.organisation.code}-plan-{found.today.isoformat()}.{kind}"
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/actions/assessments/<int:assessment_id>")
@access.signed_in(*LEADS)
def notes(assessment_id: int) -> Response:
    """Where the action notes were: the organisation's plan now holds them."""
    found = actions.assessment_organisation(access.current_scope(), assessment_id)
    if found is None:
        abort(404)
    return redirect(url_for("actions.plan", organisation_id=found))


def _action_form(
    organisation_id: int,
    ingredient: str,
    *,
    data: dict[str, object] | None,
    on: date | None = None,
) -> ActionForm:
    """The action form; ``on`` (today, for a new action) refuses a due date before it."""
    return ActionForm(
        ingredients=list(_titles()),
        statements=statements.choices(ingredient),
        owners=actions.owner_choices(access.current_scope(), organisation_id),
        today=on,
        data=data,
    )


def _fields(form: ActionForm) -> ActionFields:
    return ActionFields(
        ingredient=form.ingredient.data,
        statements=tuple(form.statements.data or ()),
        text=form.text.data.strip(),
        owner_id=form.owner_id,
        owner_role=form.role,
        due_on=form.due_on.data,
        status=form.status.data,
        target_level=form.level,
    )


@bp.route("/organisations/<int:organisation_id>/plan/new", methods=["GET", "POST"])
@access.signed_in(*LEADS)
def new_action(organisation_id: int) -> str | Response | tuple[str, int]:
    """Add an action: from a suggested priority of a report (``?assessment=&suggestion=``), for
    an ingredient (``?ingredient=``), or after choosing the ingredient first."""
    scope = access.current_scope()
    organisation = get_organisation(scope, organisation_id)
    if organisation is None:
        abort(404)
    titles = _titles()
    source = statements.suggestion_from(
        scope, organisation_id, request.args.get("assessment"), request.args.get("suggestion")
    )
    ingredient = source.ingredient if source else request.values.get("ingredient", "")
    if ingredient not in titles:
        if request.method == "POST":
            abort(400)
        return render_template(
            "actions/choose_ingredient.html", organisation=organisation, titles=titles
        )
    assessment_id = (
        source.assessment_id if source else actions.latest_assessment_id(scope, organisation_id)
    )
    if assessment_id is None:
        return render_template("actions/no_assessment.html", organisation=organisation), 409
    initial: dict[str, object] = {"ingredient": ingredient}
    if source:
        initial["statements"] = list(source.item_ids)
    form = _action_form(
        organisation_id,
        ingredient,
        data=initial if request.method == "GET" else None,
        on=today(),
    )
    if form.validate_on_submit():
        try:
            action = actions.add_action(
                scope,
                organisation_id,
                assessment_id,
                _fields(form),
                reason=source.reason if source else None,
            )
        except OwnerNotAllowed as error:
            form.owner.errors = [str(error)]
        else:
            if action is None:
                abort(404)
            _audit("action_added", action)
            flash("Action added to the plan", "success")
            return redirect(url_for("actions.show", action_id=action.id))
    return render_template(
        "actions/edit.html",
        organisation=organisation,
        form=form,
        title=titles[ingredient],
        source=source,
        guidance=statements.guidance(scope, organisation_id, assessment_id, ingredient),
        action=None,
    )


def _action_or_404(action_id: int) -> ActionRecord:
    action = actions.get_action(access.current_scope(), action_id)
    if action is None:
        abort(404)
    return action


@bp.get("/actions/<int:action_id>")
@access.signed_in(*READERS)
def show(action_id: int) -> str:
    action = _action_or_404(action_id)
    steps = statements.guidance(
        access.current_scope(), action.organisation_id, action.assessment_id, action.ingredient
    )
    return render_template(
        "actions/action.html",
        action=action,
        title=_titles().get(action.ingredient, action.ingredient),
        statements=statements.texts(),
        guidance=[step for step in steps if step.item_id in action.statements],
        today=today(),
    )


def _saved_or_current(
    outcome: ActionRecord | Conflict | None,
    form: RevisionForm,
    *,
    event: str | None,
    message: str,
) -> Response | ActionRecord:
    """After a change: a redirect to the action when it was saved (audited as ``event``, if
    any), or, when someone else changed it first, the action as it is now, with the form set to
    its revision and a message saying nothing was saved."""
    if outcome is None:
        abort(404)
    if isinstance(outcome, Conflict):
        flash(
            "Someone else changed this action while you were editing it. Nothing you typed has "
            "been saved: check their change below, then save yours again.",
            "error",
        )
        form.revision.data = str(outcome.current.revision)
        return outcome.current
    if event is not None:
        _audit(event, outcome)
    flash(message, "success")
    return redirect(url_for("actions.show", action_id=outcome.id))


@bp.route("/actions/<int:action_id>/edit", methods=["GET", "POST"])
@access.signed_in(*LEADS)
def edit(action_id: int) -> str | Response:
    scope = access.current_scope()
    action = _action_or_404(action_id)
    organisation = get_organisation(scope, action.organisation_id)
    ingredient = request.form.get("ingredient", action.ingredient)
    form = _action_form(
        action.organisation_id,
        ingredient if ingredient in _titles() else action.ingredient,
        data=statements.initial_data(action) if request.method == "GET" else None,
    )
    if form.validate_on_submit():
        revision = form.revision_number()
        if revision is None:
            abort(400)
        try:
            outcome = actions.change_action(
                scope,
                action_id,
                _fields(form),
                expected_revision=revision,
                note=(form.note.data or "").strip() or None,
                titles=_titles(),
            )
        except OwnerNotAllowed as error:
            form.owner.errors = [str(error)]
        else:
            changed = not isinstance(outcome, ActionRecord) or outcome.revision != action.revision
            after = _saved_or_current(
                outcome,
                form,
                event="action_changed" if changed else None,
                message="Action saved",
            )
            if not isinstance(after, ActionRecord):
                return after
            action = after
    return render_template(
        "actions/edit.html",
        organisation=organisation,
        form=form,
        title=_titles().get(action.ingredient, action.ingredient),
        source=None,
        guidance=statements.guidance(
            scope, action.organisation_id, action.assessment_id, action.ingredient
        ),
        action=action,
    )


@bp.route("/actions/<int:action_id>/progress", methods=["GET", "POST"])
@access.signed_in(*LEADS)
def progress(action_id: int) -> str | Response:
    scope = access.current_scope()
    action = _action_or_404(action_id)
    form = ProgressForm(
        data={"status": action.status, "revision": str(action.revision)}
        if request.method == "GET"
        else None
    )
    if form.validate_on_submit():
        revision = form.revision_number()
        if revision is None:
            abort(400)
        note = (form.note.data or "").strip() or None
        if form.status.data == action.status and not note:
            form.note.errors = ["Enter what has happened, or choose a different status"]
        else:
            outcome = actions.change_action(
                scope,
                action_id,
                replace(actions.fields_of(action), status=form.status.data),
                expected_revision=revision,
                note=note,
                titles=_titles(),
            )
            after = _saved_or_current(
                outcome, form, event="action_progress", message="Progress update added"
            )
            if not isinstance(after, ActionRecord):
                return after
            action = after
    return render_template(
        "actions/progress.html",
        action=action,
        form=form,
        title=_titles().get(action.ingredient, action.ingredient),
    )
