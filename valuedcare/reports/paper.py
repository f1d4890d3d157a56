"""The board paper: the trust report as a tagged PDF (PDF/UA-1) for a board pack, drawn by
WeasyPrint from the templates in ``templates/reports/paper/`` and the same ``TrustReport`` as the
report page.

Contents: the NHS board cover sheet (what the improvement lead wrote, a placeholder for what they
have not), the experts by experience gap, the scores with the radar chart, perception gaps and
disagreement, the position among similar trusts, the improvement plan, the board's agreed
position, outcome measures, comments, how to read the figures and, as an appendix, each board
statement's level.

Nothing is fetched from the network: the stylesheet is part of the page, the chart is an inline
``data:`` image, fonts come from the system through fontconfig (DejaVu Sans or Liberation Sans),
and the URL fetcher refuses every URL that is not a ``data:`` URL. A drawn paper is kept in a
content cache keyed by a digest of its HTML, so it is drawn again only when anything on it changes.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from datetime import date

from flask import current_app
from weasyprint import HTML
from weasyprint.urls import URLFetcher

from valuedcare.caching import Rule, cache
from valuedcare.data.records import CoverSheet
from valuedcare.questionnaire import MATURITY_LEVELS
from valuedcare.reports.model import (
    REPORT_LENSES,
    TrustReport,
    lens_label,
    respondents_text,
    responses_text,
)
from valuedcare.scoring.outcomes import MeasureSummary

#: What the paper says where the improvement lead has not written a part of the cover sheet.
PLACEHOLDER = "To be completed by the improvement lead"
#: The only kind of URL the renderer may open: the chart, inlined as a ``data:`` URL.
ALLOWED_PROTOCOLS = ("data",)
LANGUAGE = "en-GB"
#: Papers kept, keyed by a digest of their HTML (every figure and word they show): drawing one
#: takes seconds, and a board pack is downloaded by several people from the same figures.
PAPERS_KEPT = 16
_papers = cache("board papers", rule=Rule.CONTENT, size=PAPERS_KEPT)


def local_only_fetcher() -> URLFetcher:
    """A URL fetcher that opens ``data:`` URLs and refuses every other URL (no network, no
    files)."""
    return URLFetcher(allowed_protocols=ALLOWED_PROTOCOLS, allow_redirects=False)


def paper_title(report: TrustReport) -> str:
    return f"Board paper: {report.info.organisation_name}, {report.info.cycle_label}"


def board_paper_html(
    report: TrustReport,
    cover: CoverSheet,
    *,
    radar_svg: str | None,
    prepared_on: date,
    measures: Sequence[MeasureSummary] = (),
) -> str:
    """The board paper as HTML for print. Needs an application context, not a request: only the
    application's template filters are used, never a page's context (menus, the signed-in user)."""
    template = current_app.jinja_env.get_template("reports/paper/paper.html")
    return template.render(
        report=report,
        info=report.info,
        cover=cover,
        radar_svg=radar_svg,
        prepared_on=prepared_on,
        measures=[each for each in measures if each.has_values],
        title=paper_title(report),
        placeholder=PLACEHOLDER,
        language=LANGUAGE,
        lens_label=lens_label,
        respondents_text=respondents_text,
        responses_text=responses_text,
        lenses=REPORT_LENSES,
        level_names=MATURITY_LEVELS,
        disclosure=report.rules,
    )


def build_board_paper(
    report: TrustReport,
    cover: CoverSheet | None = None,
    *,
    radar_svg: str | None,
    prepared_on: date,
    measures: Sequence[MeasureSummary] = (),
) -> bytes:
    """The board paper as PDF/UA-1 bytes: tagged, titled and in British English."""
    html = board_paper_html(
        report,
        cover or CoverSheet(),
        radar_svg=radar_svg,
        prepared_on=prepared_on,
        measures=measures,
    )
    key = hashlib.sha256(html.encode("utf-8")).hexdigest()
    return _papers.get_or_build(key, lambda: render_pdf(html))


def render_pdf(html: str) -> bytes:
    """Draw the paper's HTML as PDF/UA-1: tagged, with the title and language of the HTML."""
    document = HTML(string=html, url_fetcher=local_only_fetcher())
    return document.write_pdf(pdf_variant="pdf/ua-1", pdf_tags=True)
