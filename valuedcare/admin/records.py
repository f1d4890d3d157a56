"""Questionnaire versions (which is live, what changed) and the audit log: platform
administrators only."""

from __future__ import annotations

from flask import abort, render_template, request

from valuedcare import access
from valuedcare.admin import bp, service
from valuedcare.data import audit
from valuedcare.data.questionnaires import list_versions

PLATFORM = ("platform_admin",)


@bp.get("/questionnaires")
@access.signed_in(*PLATFORM)
def questionnaires() -> str:
    return render_template(
        "admin/questionnaires.html",
        questionnaires=service.build_questionnaires(list_versions()),
    )


@bp.get("/questionnaires/<slug>/versions/<int:version>/changes")
@access.signed_in(*PLATFORM)
def questionnaire_changes(slug: str, version: int) -> str:
    """What changed in ``version`` since the version before it (a unified diff of the YAML)."""
    rows = {row.version: row for row in list_versions() if row.slug == slug}
    current = rows.get(version)
    if current is None:
        abort(404)
    earlier = [number for number in rows if number < version]
    previous = rows[max(earlier)] if earlier else None
    lines = service.build_diff(
        previous.source if previous else "",
        current.source,
        f"{slug} version {previous.version}" if previous else "(nothing)",
        f"{slug} version {version}",
    )
    return render_template(
        "admin/questionnaire_changes.html",
        slug=slug,
        current=current,
        previous=previous,
        lines=[(line, service.diff_line_kind(line)) for line in lines],
    )


@bp.get("/audit")
@access.signed_in(*PLATFORM)
def audit_log() -> str:
    action = request.args.get("action") or None
    page_number = request.args.get("page", 1, type=int) or 1
    page = audit.list_events(page=page_number, action=action)
    return render_template(
        "admin/audit.html", page=page, action=action, actions=audit.list_actions()
    )
