"""HTTP responses for the report's downloads: radar SVG/PNG, the PDF board paper, CSV/XLSX exports.

Every download is private (``Cache-Control: private, no-store``), named after the organisation and
cycle, and recorded in the audit log as an "export" event (what was downloaded, never its content).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from flask import Response

from valuedcare.data.records import AssessmentInfo, CoverSheet
from valuedcare.export_format import CSV_MEDIA_TYPE, XLSX_MEDIA_TYPE, to_bytes
from valuedcare.reports import service
from valuedcare.reports.model import TrustReport
from valuedcare.reports.paper import build_board_paper
from valuedcare.scoring.outcomes import MeasureSummary

MEDIA_TYPES = {
    "svg": "image/svg+xml",
    "png": "image/png",
    "pdf": "application/pdf",
    "csv": f"{CSV_MEDIA_TYPE}; charset=utf-8",
    "xlsx": XLSX_MEDIA_TYPE,
}


def _download(body: bytes | str, info: AssessmentInfo, what: str, extension: str) -> Response:
    response = Response(body, mimetype=MEDIA_TYPES[extension])
    name = service.download_name(info, what, extension)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "private, no-store"
    return response


def radar_image(report: TrustReport, extension: str, user: Any) -> Response:
    """The radar chart as an SVG or PNG file."""
    body = service.radar_svg(report) if extension == "svg" else service.radar_png(report)
    service.record_download(report.info, f"radar.{extension}", user)
    return _download(body, report.info, "radar", extension)


def board_paper(
    report: TrustReport,
    user: Any,
    *,
    cover: CoverSheet,
    prepared_on: date,
    measures: Sequence[MeasureSummary] = (),
) -> Response:
    """The PDF board paper: the lead's cover sheet, the report with its radar chart (SVG) and the
    outcome measures, tagged for screen readers (PDF/UA-1)."""
    body = build_board_paper(
        report,
        cover,
        radar_svg=service.radar_svg(report),
        prepared_on=prepared_on,
        measures=measures,
    )
    service.record_download(report.info, "board-paper.pdf", user)
    return _download(body, report.info, "board-paper", "pdf")


def export(info: AssessmentInfo, kind: str, extension: str, user: Any) -> Response:
    """One of the assessment's exports as CSV or XLSX, under the disclosure rules."""
    data = service.assessment_export(info, kind)
    body = to_bytes(
        "xlsx" if extension == "xlsx" else "csv",
        data.header,
        data.chunks,
        sheet=data.sheet,
        readme=data.readme,
    )
    service.record_download(info, f"{kind}.{extension}", user)
    return _download(body, info, kind, extension)
