"""Routes of the "reports" blueprint: the trust report, its downloads and the moderation page.

Every route answers 404 for an assessment outside the user's scope. Board members see a report
only once its cycle has closed (403 with an explanation before then).
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response as BaseResponse

from valuedcare import access
from valuedcare.data import measures as measure_data
from valuedcare.questionnaire import MATURITY_LEVELS
from valuedcare.reports import bp, comments, downloads, moderation, service
from valuedcare.reports.discussion import RULES_TEXT
from valuedcare.reports.forms import RATIONALE_MAX
from valuedcare.reports.model import (
    REPORT_LENSES,
    lens_label,
    respondents_text,
    responses_text,
)
from valuedcare.reports.paper_form import CoverSheetForm
from valuedcare.reports.service import ReportNotReleased
from valuedcare.scoring.outcomes import by_ingredient

READERS = ("platform_admin", "organisation_admin", "board_member", "viewer")
MODERATORS = ("platform_admin", "organisation_admin")


@bp.context_processor
def report_helpers() -> dict[str, object]:
    return {
        "lens_label": lens_label,
        "respondents_text": respondents_text,
        "responses_text": responses_text,
        "lenses": REPORT_LENSES,
        "level_names": MATURITY_LEVELS,
        "rationale_max": RATIONALE_MAX,
    }


@bp.errorhandler(ReportNotReleased)
def report_not_released(error: ReportNotReleased) -> tuple[str, int]:
    return render_template("reports/not_released.html", info=error.info), 403


def _info_or_404(assessment_id: int):
    info = service.get_report_info(access.current_scope(), assessment_id)
    if info is None:
        abort(404)
    return info


def _report_or_404(assessment_id: int):
    report = service.build_trust_report(access.current_scope(), assessment_id)
    if report is None:
        abort(404)
    return report


@bp.get("/")
@access.signed_in(*READERS)
def index() -> str:
    infos = service.list_reports(access.current_scope())
    return render_template("reports/index.html", infos=infos)


@bp.get("/assessments/<int:assessment_id>")
@access.signed_in(*READERS)
def trust_report(assessment_id: int) -> str:
    report = _report_or_404(assessment_id)
    return render_template(
        "reports/report.html",
        report=report,
        with_charts=True,
        radar_svg=service.radar_svg(report),  # shown until, or without, JavaScript
        gap_svg=service.gap_svg(report),
        waiting=comments.waiting(report.info) if current_user.role in MODERATORS else None,
        measures=by_ingredient(
            measure_data.measure_summaries(access.current_scope(), report.info.organisation_id)
        ),
    )


@bp.get("/assessments/<int:assessment_id>/experience-gap.json")
@access.signed_in(*READERS)
def gap_json(assessment_id: int) -> Response:
    spec = service.gap_spec_json(_report_or_404(assessment_id))
    response = Response(spec, mimetype="application/json")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/assessments/<int:assessment_id>/radar.json")
@access.signed_in(*READERS)
def radar_json(assessment_id: int) -> Response:
    spec = service.radar_spec_json(_report_or_404(assessment_id))
    response = Response(spec, mimetype="application/json")
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.get("/assessments/<int:assessment_id>/radar.<any(svg, png):extension>")
@access.signed_in(*READERS)
def radar_image(assessment_id: int, extension: str) -> Response:
    report = _report_or_404(assessment_id)
    return downloads.radar_image(report, extension, current_user)


@bp.get("/assessments/<int:assessment_id>/board-paper.pdf")
@access.signed_in(*READERS)
def board_paper(assessment_id: int) -> Response:
    report = _report_or_404(assessment_id)
    return downloads.board_paper(
        report,
        current_user,
        cover=service.cover_sheet(report.info),
        prepared_on=datetime.now(UTC).date(),
        measures=measure_data.measure_summaries(
            access.current_scope(), report.info.organisation_id
        ),
    )


@bp.route("/assessments/<int:assessment_id>/board-paper", methods=["GET", "POST"])
@access.signed_in(*MODERATORS)  # the cover sheet is written by improvement leads
def board_paper_cover(assessment_id: int) -> BaseResponse | str:
    info = _info_or_404(assessment_id)
    form = CoverSheetForm(obj=service.cover_sheet(info))
    if form.validate_on_submit():
        service.save_cover_sheet(info, form.sheet(), current_user)
        flash("Cover sheet saved: the board paper shows it.", "success")
        return redirect(url_for(".board_paper_cover", assessment_id=assessment_id))
    return render_template("reports/board_paper_cover.html", info=info, form=form)


_EXPORT_KINDS = "<any(answers, scores, summaries):kind>"


@bp.get(f"/assessments/<int:assessment_id>/{_EXPORT_KINDS}.<any(csv, xlsx):extension>")
@access.signed_in(*MODERATORS)  # exports are for improvement leads (the roles table)
def export(assessment_id: int, kind: str, extension: str) -> Response:
    info = _info_or_404(assessment_id)
    return downloads.export(info, kind, extension, current_user)


@bp.route("/assessments/<int:assessment_id>/comments", methods=["GET", "POST"])
@access.signed_in(*MODERATORS)
def review_comments(assessment_id: int) -> BaseResponse | str:
    info = _info_or_404(assessment_id)
    form = comments.ReviewForm()
    error: tuple[str, str] | None = None
    if request.method == "POST":
        if form.validate_on_submit():
            try:
                flash(comments.decide(info, form, current_user.id), "success")
            except LookupError:
                abort(404)
            except comments.ReviewError as problem:
                error = (form.ref.data, str(problem))
            else:
                return redirect(url_for(".review_comments", assessment_id=assessment_id))
        else:
            error = (form.ref.data or "", _first_error(form))
    page = comments.review_page(info)
    return render_template("reports/comments.html", page=page, form=form, error=error)


def _first_error(form: comments.ReviewForm) -> str:
    for field in (form.phrase, form.decision, form.ref):
        if field.errors:
            return str(field.errors[0])
    return "The page had expired. Try again."


@bp.get("/assessments/<int:assessment_id>/moderation")
@access.signed_in(*MODERATORS)
def moderate(assessment_id: int) -> str:
    """The moderation meeting's task list: one line per ingredient."""
    page = moderation.get_moderation_page(access.current_scope(), assessment_id)
    if page is None:
        abort(404)
    return render_template("reports/moderation.html", page=page, rules_text=RULES_TEXT)


def _ingredient_or_404(assessment_id: int, ingredient: str) -> moderation.IngredientPage:
    page = moderation.get_ingredient_page(access.current_scope(), assessment_id, ingredient)
    if page is None:
        abort(404)
    return page


@bp.route("/assessments/<int:assessment_id>/moderation/<ingredient>", methods=["GET", "POST"])
@access.signed_in(*MODERATORS)
def moderate_ingredient(assessment_id: int, ingredient: str) -> BaseResponse | str:
    page = _ingredient_or_404(assessment_id, ingredient)
    form = moderation.build_ingredient_form(page, submitted=request.method == "POST")
    if form.validate_on_submit():
        here = url_for(".moderate_ingredient", assessment_id=assessment_id, ingredient=ingredient)
        try:
            agreed = moderation.save_ingredient_position(page, form, current_user.id)
        except moderation.StaleAgreedPosition:
            flash(
                "Someone else saved the agreed position while you were editing. Check it and "
                "make your changes again."
            )
            return redirect(here)
        flash(
            f"{page.group.title}: {agreed} of {len(page.statements)} statements agreed.",
            "success",
        )
        if request.form.get("then") == "next" and page.next_group is not None:
            return redirect(
                url_for(
                    ".moderate_ingredient",
                    assessment_id=assessment_id,
                    ingredient=page.next_group.ingredient,
                )
            )
        return redirect(url_for(".moderate", assessment_id=assessment_id))
    return render_template(
        "reports/moderation_ingredient.html", page=page, form=form, rules_text=RULES_TEXT
    )


@bp.get("/assessments/<int:assessment_id>/moderation/<ingredient>/present")
@access.signed_in(*MODERATORS)
def present_ingredient(assessment_id: int, ingredient: str) -> str:
    """The statements to discuss, read-only and in large type, for a shared screen."""
    page = _ingredient_or_404(assessment_id, ingredient)
    return render_template("reports/moderation_present.html", page=page, rules_text=RULES_TEXT)
