"""Routes of the "compare" blueprint: benchmarks, trends and variation between teams.

Every page is for signed-in users of any role. A trust user sees only their own organisation
(other organisations' ids answer 404, as if they did not exist); a platform administrator first
chooses an organisation.
"""

from __future__ import annotations

from flask import abort, current_app, redirect, render_template, request, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from valuedcare import access
from valuedcare.compare import bp
from valuedcare.compare.common import CompareSettings
from valuedcare.compare.service import build_benchmark_page, build_home_page, list_choices
from valuedcare.compare.statements import build_statements_page
from valuedcare.compare.teams import build_teams_page
from valuedcare.compare.trends import build_trends_page
from valuedcare.data import measures as measure_data
from valuedcare.data import users
from valuedcare.data.questionnaires import get_ingredients
from valuedcare.scoring.outcomes import by_ingredient


def _settings() -> CompareSettings:
    return CompareSettings.from_config(current_app.config)


def _found(page):
    if page is None:
        abort(404)
    return page


def _not_released(page) -> tuple[str, int] | None:
    """Board members see a cycle's results, like its report, only once the cycle has closed."""
    if not users.can_view_reports(access.current_scope(), page.cycle.status == "open"):
        return render_template("compare/not_released.html", page=page), 403
    return None


@bp.get("/")
@access.signed_in()
def index() -> Response | str:
    """Trust users go straight to their organisation; platform administrators choose one."""
    scope = access.current_scope()
    if not scope.is_platform_admin:
        if current_user.organisation_id is None:
            abort(404)
        return redirect(url_for(".organisation", organisation_id=current_user.organisation_id))
    return render_template("compare/index.html", organisations=list_choices(scope))


@bp.get("/organisations/<int:organisation_id>")
@access.signed_in()
def organisation(organisation_id: int) -> str:
    page = _found(build_home_page(access.current_scope(), organisation_id))
    return render_template("compare/organisation.html", page=page)


@bp.get("/organisations/<int:organisation_id>/cycles/<int:cycle_id>/benchmark")
@access.signed_in()
def benchmark(organisation_id: int, cycle_id: int) -> str | tuple[str, int]:
    page = build_benchmark_page(
        access.current_scope(),
        organisation_id,
        cycle_id,
        group=request.args.get("group", "all"),
        lens=request.args.get("lens") or None,
        settings=_settings(),
    )
    held_back = _not_released(_found(page))
    if held_back:
        return held_back
    return render_template("compare/benchmark.html", page=page, with_charts=True)


@bp.get("/organisations/<int:organisation_id>/trends")
@access.signed_in()
def trends(organisation_id: int) -> str:
    scope = access.current_scope()
    page = _found(build_trends_page(scope, organisation_id, rules=_settings().rules))
    return render_template(
        "compare/trends.html",
        page=page,
        with_charts=True,
        measures=by_ingredient(measure_data.measure_summaries(scope, organisation_id)),
        ingredient_titles={each.id: each.title for each in get_ingredients()},
    )


@bp.get("/organisations/<int:organisation_id>/trends/<ingredient>")
@access.signed_in()
def statements(organisation_id: int, ingredient: str) -> str:
    page = build_statements_page(
        access.current_scope(),
        organisation_id,
        ingredient,
        rules=_settings().rules,
    )
    return render_template("compare/statements.html", page=_found(page))


@bp.get("/organisations/<int:organisation_id>/cycles/<int:cycle_id>/teams")
@access.signed_in()
def teams(organisation_id: int, cycle_id: int) -> str | tuple[str, int]:
    page = build_teams_page(access.current_scope(), organisation_id, cycle_id, settings=_settings())
    held_back = _not_released(_found(page))
    if held_back:
        return held_back
    return render_template("compare/teams.html", page=page, with_charts=True)
