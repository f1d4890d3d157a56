"""Outcome measures' pages. Board members and viewers read the measures; improvement leads (and
platform administrators) download the template, upload values, check the preview and confirm.
Other organisations' measures and uploads answer 404."""

from __future__ import annotations

from datetime import date

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from markupsafe import Markup
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.wrappers import Response

from valuedcare import access
from valuedcare.data import audit
from valuedcare.data import measures as data
from valuedcare.data.actions import today
from valuedcare.data.organisations import get_organisation
from valuedcare.data.questionnaires import get_measures
from valuedcare.data.records import OrganisationRecord
from valuedcare.export_format import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, to_bytes
from valuedcare.forms.base import has_control_characters
from valuedcare.measures import bp, service
from valuedcare.measures.forms import ConfirmForm, MonthForm, UploadForm
from valuedcare.measures.upload import (
    Upload,
    UploadProblem,
    read_upload,
    template_csv,
    template_xlsx,
    typed_in,
)
from valuedcare.questionnaire.measures import MeasureSet
from valuedcare.scoring.funnel import FLAG_WORDS
from valuedcare.view_cache import cached_page

MEDIA_TYPES = {"csv": f"{CSV_MEDIA_TYPE}; charset=utf-8", "xlsx": XLSX_MEDIA_TYPE}
READERS = ("platform_admin", "organisation_admin", "board_member", "viewer")
LEADS = ("organisation_admin", "platform_admin")
#: How many months the template offers: the last full year, up to last month.
TEMPLATE_MONTHS = 12


def _organisation_or_404(organisation_id: int) -> OrganisationRecord:
    organisation = get_organisation(access.current_scope(), organisation_id)
    if organisation is None:
        abort(404)
    return organisation


def _measure_set() -> MeasureSet:
    measure_set = get_measures()
    if measure_set is None:
        abort(404)
    return measure_set


def _download(body: bytes, kind: str, name: str) -> Response:
    response = Response(body, mimetype=MEDIA_TYPES[kind])
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def _last_months(count: int, before: date) -> list[date]:
    months = []
    year, month = before.year, before.month
    for _ in range(count):
        month -= 1
        if month == 0:
            year, month = year - 1, 12
        months.append(date(year, month, 1))
    return sorted(months)


@bp.get("/measures")
@access.signed_in("organisation_admin", "board_member", "viewer")
def own_measures() -> Response:
    """The signed-in person's own organisation's measures."""
    organisation_id = access.current_scope().organisation_id
    if organisation_id is None:
        abort(404)
    return redirect(url_for("measures.summary", organisation_id=organisation_id))


@bp.get("/organisations/<int:organisation_id>/measures/template.<any(csv, xlsx):kind>")
@access.signed_in(*LEADS)
def template(organisation_id: int, kind: str) -> Response:
    organisation = _organisation_or_404(organisation_id)
    measure_set = _measure_set()
    teams = data.organisation_teams(access.current_scope(), organisation_id)
    months = _last_months(TEMPLATE_MONTHS, today())
    make = template_xlsx if kind == "xlsx" else template_csv
    body = make(measure_set, teams, months)
    return _download(body, kind, f"{organisation.code}-measures-template.{kind}")


def _upload_page(
    organisation: OrganisationRecord,
    form: UploadForm,
    problems: tuple[UploadProblem, ...] = (),
    status: int = 200,
) -> tuple[str, int]:
    teams = data.organisation_teams(access.current_scope(), organisation.id)
    return (
        render_template(
            "measures/upload.html",
            organisation=organisation,
            form=form,
            problems=problems,
            teams=teams,
            measure_set=get_measures(),
            limit_mb=current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024),
        ),
        status,
    )


@bp.errorhandler(RequestEntityTooLarge)
def too_large(error: RequestEntityTooLarge) -> tuple[str, int] | RequestEntityTooLarge:
    """A file over the size limit: say so on the upload page, not on a bare error page."""
    organisation_id = (request.view_args or {}).get("organisation_id")
    if request.endpoint != "measures.upload" or not isinstance(organisation_id, int):
        return error
    organisation = get_organisation(access.current_scope(), organisation_id)
    if organisation is None or not access.current_scope().covers(organisation_id):
        return error
    form = UploadForm(formdata=None)
    limit = current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024)
    form.file.errors = [f"The file is larger than {limit} MB: split it into smaller files"]
    return _upload_page(organisation, form, status=413)


@bp.route("/organisations/<int:organisation_id>/measures/upload", methods=["GET", "POST"])
@access.signed_in(*LEADS)
def upload(organisation_id: int) -> tuple[str, int] | Response:
    scope = access.current_scope()
    organisation = _organisation_or_404(organisation_id)
    measure_set = _measure_set()
    form = UploadForm()
    if not form.validate_on_submit():
        return _upload_page(organisation, form)
    sent = form.file.data
    if sent is None or not getattr(sent, "filename", ""):
        form.file.errors = ["Select a CSV or Excel file of values"]
        return _upload_page(organisation, form)
    checked = read_upload(
        sent.filename,
        sent.read(),
        measures=measure_set,
        teams=data.organisation_teams(scope, organisation_id),
        today=today(),
    )
    if not checked.ok:
        count = len(checked.problems)
        form.file.errors = [
            "The file has a problem: fix it and upload the file again"
            if count == 1
            else f"The file has {count} problems: fix them and upload the file again"
        ]
        return _upload_page(organisation, form, checked.problems)
    upload_id = data.start_upload(
        scope,
        organisation_id,
        filename=sent.filename,
        measure_set_version=measure_set.version,
        rows=checked.rows,
    )
    if upload_id is None:
        abort(404)
    return redirect(url_for("measures.preview", upload_id=upload_id))


def _upload_or_404(upload_id: int) -> data.UploadRecord:
    found = data.get_upload(access.current_scope(), upload_id)
    if found is None:
        abort(404)
    return found


def _preview_page(found: data.UploadRecord, form: ConfirmForm, status: int = 200):
    organisation = _organisation_or_404(found.organisation_id)
    return (
        render_template(
            "measures/preview.html",
            organisation=organisation,
            upload=found,
            form=form,
            preview=service.preview(found, _measure_set()),
        ),
        status,
    )


@bp.get("/measures/uploads/<int:upload_id>")
@access.signed_in(*LEADS)
def preview(upload_id: int) -> tuple[str, int] | Response:
    found = _upload_or_404(upload_id)
    if found.status != "pending":
        return redirect(url_for("measures.summary", organisation_id=found.organisation_id))
    return _preview_page(found, ConfirmForm())


@bp.post("/measures/uploads/<int:upload_id>/confirm")
@access.signed_in(*LEADS)
def confirm(upload_id: int) -> tuple[str, int] | Response:
    found = _upload_or_404(upload_id)
    form = ConfirmForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        stored = data.confirm_upload(access.current_scope(), upload_id)
    except data.AlreadyDone:
        flash("These values were already stored (or the upload was cancelled)", "info")
        return redirect(url_for("measures.summary", organisation_id=found.organisation_id))
    except data.Clash:
        form.form_errors.append(
            "Someone stored values for the same months while you were checking this file. "
            "Nothing from it has been stored yet: check the preview again, then confirm."
        )
        return _preview_page(_upload_or_404(upload_id), form, status=409)
    if stored is None:
        abort(404)
    audit.record(
        "measures_uploaded",
        organisation_id=stored.organisation_id,
        target_type="measure_upload",
        target_id=str(stored.id),
        detail={"added": stored.added, "replaced": stored.replaced},
    )
    flash(
        f"{stored.added + stored.replaced} values stored: {stored.added} new, "
        f"{stored.replaced} replaced (the replaced values are kept in the history)",
        "success",
    )
    return redirect(url_for("measures.summary", organisation_id=stored.organisation_id))


@bp.post("/measures/uploads/<int:upload_id>/cancel")
@access.signed_in(*LEADS)
def cancel(upload_id: int) -> Response:
    found = _upload_or_404(upload_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if data.cancel_upload(access.current_scope(), upload_id):
        flash("Upload cancelled: nothing from it was stored", "info")
    return redirect(url_for("measures.upload", organisation_id=found.organisation_id))


@bp.get("/organisations/<int:organisation_id>/measures")
@access.signed_in(*READERS)
def summary(organisation_id: int) -> str:
    page = service.build_measures_page(access.current_scope(), organisation_id)
    if page is None:
        abort(404)
    return render_template("measures/summary.html", page=page)


def _month_arg(text: str) -> date | None:
    """A ``YYYY-MM`` query argument as the first of its month, or None when absent or not one."""
    try:
        return date.fromisoformat(f"{text}-01") if len(text) == 7 else None
    except ValueError:
        return None


@bp.get("/organisations/<int:organisation_id>/measures/<measure_id>")
@access.signed_in(*READERS)
def measure(organisation_id: int, measure_id: str) -> str:
    change = _month_arg(request.args.get("from", ""))
    page = service.build_measure_page(access.current_scope(), organisation_id, measure_id, change)
    if page is None:
        abort(404)
    # The body depends only on the page's data, which its key names: render it once. Its
    # tables grow with the months and teams shown, so rendering it every time would not.
    body = cached_page(
        ("measure page body", page.key),
        lambda: Markup(  # noqa: S704 (a rendered template: already escaped HTML)
            render_template("measures/_measure_body.html", page=page, flag_words=FLAG_WORDS)
        ),
    )
    return render_template("measures/measure.html", page=page, body=body, with_charts=True)


@bp.get("/organisations/<int:organisation_id>/measures.<any(csv, xlsx):kind>")
@access.signed_in(*READERS)
def download(organisation_id: int, kind: str) -> Response:
    organisation = _organisation_or_404(organisation_id)
    header, rows, readme = service.export_rows(access.current_scope(), organisation_id)
    body = to_bytes(
        "xlsx" if kind == "xlsx" else "csv", header, [rows], sheet="Measures", readme=readme
    )
    audit.record(
        "export",
        organisation_id=organisation_id,
        target_type="organisation",
        target_id=str(organisation_id),
        detail={"download": f"measures.{kind}"},
    )
    return _download(body, kind, f"{organisation.code}-measures-{today().isoformat()}.{kind}")


def _check_month(
    form: MonthForm,
    months: list[date],
    teams: list[str],
    typed: dict[str, str],
    measure_set: MeasureSet,
) -> tuple[Upload | None, dict[str, str]]:
    """Check a posted month form by the file's rules: the checked values when all is well, and
    each box's problem by the box's name (form-wide problems go to ``form.form_errors``)."""
    errors: dict[str, str] = {}
    if form.month.data not in {f"{m:%Y-%m}" for m in months}:
        form.month.errors = ["Select a month from the list"]
    if form.team.data not in teams:
        form.team.errors = ["Select a team from the list"]
    for key, text in typed.items():
        if has_control_characters(text):
            errors[key] = "Remove the hidden control characters from this box"
    content, which = typed_in(form.month.data or "", form.team.data or "", measure_set, typed)
    if not which:
        form.form_errors.append("Enter at least one value")
    if form.month.errors or form.team.errors or not which or errors:
        return None, errors
    checked = read_upload("typed.csv", content, measures=measure_set, teams=teams, today=today())
    for problem in checked.problems:
        key = f"{which.get(problem.row or 0, '')}-{problem.column}"
        if key in typed:
            errors.setdefault(key, problem.message)
        else:
            form.form_errors.append(problem.message)
    return (checked if checked.ok else None), errors


@bp.route("/organisations/<int:organisation_id>/measures/month", methods=["GET", "POST"])
@access.signed_in(*LEADS)
def month(organisation_id: int) -> tuple[str, int] | Response:
    """One month's values for one team, typed in, then the same preview as a file."""
    scope = access.current_scope()
    organisation = _organisation_or_404(organisation_id)
    measure_set = _measure_set()
    teams = data.organisation_teams(scope, organisation_id)
    months = _last_months(TEMPLATE_MONTHS * 2, today())
    form = MonthForm(months=months, teams=teams)
    typed = {key: value for key, value in request.form.items() if key.count("-") == 1}
    errors: dict[str, str] = {}
    if form.validate_on_submit():
        checked, errors = _check_month(form, months, teams, typed, measure_set)
        if checked is not None:
            chosen = date.fromisoformat(f"{form.month.data}-01")
            upload_id = data.start_upload(
                scope,
                organisation_id,
                filename=f"Typed in: {chosen:%B %Y}, {form.team.data}",
                measure_set_version=measure_set.version,
                rows=checked.rows,
            )
            if upload_id is None:
                abort(404)
            return redirect(url_for("measures.preview", upload_id=upload_id))
    error_list = [{"text": message} for message in form.form_errors]
    error_list += [
        {"text": field.errors[0], "href": f"#{field.id}"}
        for field in (form.month, form.team)
        if field.errors
    ]
    error_list += [{"text": message, "href": f"#{key}"} for key, message in errors.items()]
    return (
        render_template(
            "measures/month.html",
            organisation=organisation,
            form=form,
            measure_set=measure_set,
            typed=typed,
            errors=errors,
            wrong={key.split("-")[0] for key in errors},
            error_list=error_list,
            teams=teams,
        ),
        200,
    )
