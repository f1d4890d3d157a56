"""Routes of the "admin" blueprint: the administration start page, organisations and cycles.

Platform administrators only. Users are in ``admin/users.py`` (organisation administrators manage
their own organisation's users there); questionnaires and the audit log in ``admin/records.py``.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response

from valuedcare import access
from valuedcare.admin import bp, service
from valuedcare.admin.forms import CycleForm, EmptyForm, OrganisationForm, ReasonForm
from valuedcare.data import cycles, organisations
from valuedcare.data.cycles import CycleError

PLATFORM = ("platform_admin",)


@bp.get("/")
@access.signed_in(*PLATFORM)
def index() -> str:
    return render_template("admin/index.html")


@bp.get("/organisations")
@access.signed_in(*PLATFORM)
def organisations_list() -> str:
    rows = organisations.list_organisations(access.current_scope())
    return render_template("admin/organisations.html", rows=rows)


def _organisation_fields(form: OrganisationForm) -> organisations.OrganisationFields:
    return organisations.OrganisationFields(
        code=form.code.data,
        name=form.name.data,
        region=form.region.data,
        peer_group=form.peer_group.data,
        benchmark_opt_in=form.benchmark_opt_in.data == "yes",
        named_in_benchmarks=form.named_in_benchmarks.data == "yes",
    )


@bp.route("/organisations/new", methods=["GET", "POST"])
@access.signed_in(*PLATFORM)
def create_organisation() -> str | Response:
    form = OrganisationForm()
    if form.validate_on_submit():
        if organisations.code_is_taken(form.code.data):
            form.code.errors.append("Another organisation already has this code")
        else:
            organisation = service.create_organisation(_organisation_fields(form))
            flash(f"{organisation.name} added", "success")
            return redirect(url_for("admin.organisations_list"))
    return render_template("admin/organisation_form.html", form=form, organisation=None)


@bp.route("/organisations/<int:organisation_id>", methods=["GET", "POST"])
@access.signed_in(*PLATFORM)
def edit_organisation(organisation_id: int) -> str | Response:
    scope = access.current_scope()
    organisation = organisations.get_organisation(scope, organisation_id)
    if organisation is None:
        abort(404)
    form = OrganisationForm(obj=organisation)
    if not form.is_submitted():
        form.benchmark_opt_in.data = "yes" if organisation.benchmark_opt_in else "no"
        form.named_in_benchmarks.data = "yes" if organisation.named_in_benchmarks else "no"
    if form.validate_on_submit():
        if organisations.code_is_taken(form.code.data, except_id=organisation_id):
            form.code.errors.append("Another organisation already has this code")
        else:
            service.update_organisation(scope, organisation_id, _organisation_fields(form))
            flash(f"{organisation.name} saved", "success")
            return redirect(url_for("admin.organisations_list"))
    return render_template("admin/organisation_form.html", form=form, organisation=organisation)


@bp.get("/cycles")
@access.signed_in(*PLATFORM)
def cycles_list() -> str:
    return render_template(
        "admin/cycles.html",
        rows=cycles.list_cycles(),
        labels=cycles.STATUS_LABELS,
        form=EmptyForm(),
    )


@bp.route("/cycles/new", methods=["GET", "POST"])
@access.signed_in(*PLATFORM)
def create_cycle() -> str | Response:
    form = CycleForm()
    if form.validate_on_submit():
        if cycles.label_is_taken(form.label.data):
            form.label.errors.append("A cycle with this label already exists")
        else:
            opens_on, closes_on = form.opens_on.data, form.closes_on.data
            assert opens_on and closes_on  # both are required, so a valid form has them
            cycle = service.create_cycle(form.label.data, opens_on, closes_on)
            flash(f"Cycle {cycle.label} added. Open it when organisations can start.", "success")
            return redirect(url_for("admin.cycles_list"))
    return render_template("admin/cycle_form.html", form=form)


def _change_status(cycle_id: int, status: str, done: str) -> Response:
    if not EmptyForm().validate_on_submit():
        abort(400)
    try:
        cycle, released = service.change_cycle_status(cycle_id, status)
    except LookupError:
        abort(404)
    except CycleError as error:
        flash(str(error), "important")
        return redirect(url_for("admin.cycles_list"))
    flash(f"Cycle {cycle.label} {done}", "success")
    if released is not None and released.held_back:
        flash(_held_back_message(len(released.held_back)), "important")
    return redirect(url_for("admin.cycles_list"))


def _held_back_message(count: int) -> str:
    groups = "1 group" if count == 1 else f"{count:,} groups"
    return (
        f"New responses from {groups} of experts by experience or partners were not added to the "
        "published results: too few people answered since the last release, so the change could "
        "reveal their answers. They will be added when enough more people have answered and the "
        "cycle closes again."
    )


@bp.post("/cycles/<int:cycle_id>/open")
@access.signed_in(*PLATFORM)
def open_cycle(cycle_id: int) -> Response:
    return _change_status(cycle_id, cycles.OPEN, "opened")


@bp.post("/cycles/<int:cycle_id>/close")
@access.signed_in(*PLATFORM)
def close_cycle(cycle_id: int) -> Response:
    return _change_status(cycle_id, cycles.CLOSED, "closed")


@bp.route("/cycles/<int:cycle_id>/reopen", methods=["GET", "POST"])
@access.signed_in(*PLATFORM)
def reopen_cycle(cycle_id: int) -> str | Response:
    cycle = cycles.get_cycle(cycle_id)
    if cycle is None:
        abort(404)
    if cycle.status != cycles.CLOSED:
        flash(f"Cycle {cycle.label} is not closed", "important")
        return redirect(url_for("admin.cycles_list"))
    form = ReasonForm()
    if form.validate_on_submit():
        service.change_cycle_status(cycle_id, cycles.OPEN, form.reason.data)
        flash(f"Cycle {cycle.label} reopened", "success")
        return redirect(url_for("admin.cycles_list"))
    return render_template("admin/cycle_reopen.html", form=form, cycle=cycle)
