"""Posters for anonymous links: a short address and a QR code to print for an event.

- ``GET  /anonymous-links/<id>/poster``      an A4 page to print, with the link's short address and
  QR code (for a link made before short codes: a button that makes its code)
- ``POST /anonymous-links/<id>/poster``      make the short code of such a link
- ``GET  /anonymous-links/<id>/poster.svg``  the QR code alone, to download for slides or leaflets

The short code is made again from the link's stored nonce each time (``data.invitations``), so a
poster can be printed as often as needed while the service keeps only the code's hash. The QR code
holds the short address, so people who cannot scan it type the same thing. A closed link's
code still leads to the "this link is closed" page.
"""

from __future__ import annotations

import io

import segno
from flask import abort, redirect, render_template, url_for
from markupsafe import Markup
from werkzeug.wrappers import Response as HttpResponse

from valuedcare import access
from valuedcare.data import audit, invitations
from valuedcare.data.records import ShortCode
from valuedcare.links import short_link
from valuedcare.short_codes import show_short_code
from valuedcare.survey import bp
from valuedcare.survey.lead_forms import CloseLinkForm
from valuedcare.survey.leads import LEADS

#: QR error correction: "Q" recovers a quarter of the code, so a creased or marked poster scans.
QR_ERROR_LEVEL = "q"
#: Size of one QR module in the downloaded SVG, in user units (the poster scales it to fit).
QR_SCALE = 10
#: Quiet zone around the code, in modules (the QR standard asks for four).
QR_BORDER = 4

#: What the poster asks, by who the link is for.
POSTER_HEADINGS = {
    "experts_by_experience": "Tell us about your care",
    "partner": "Tell us how we work with you",
}


def _qr(address: str) -> segno.QRCode:
    return segno.make(address, error=QR_ERROR_LEVEL, boost_error=False)


def _visible(anonymous_link_id: int, make: bool = False) -> ShortCode | None:
    found = invitations.get_invitation(access.current_scope(), anonymous_link_id)
    if found is None or found.kind != invitations.ANONYMOUS:
        abort(404)
    return invitations.short_code(access.current_scope(), anonymous_link_id, make=make)


@bp.get("/anonymous-links/<int:anonymous_link_id>/poster")
@access.signed_in(*LEADS)
def poster(anonymous_link_id: int) -> str:
    found = invitations.get_invitation(access.current_scope(), anonymous_link_id)
    if found is None or found.kind != invitations.ANONYMOUS:
        abort(404)
    coded = invitations.short_code(access.current_scope(), anonymous_link_id)
    if coded is None:
        return render_template(
            "survey/leads/poster.html", invitation=found, coded=None, form=CloseLinkForm()
        )
    address = short_link(show_short_code(coded.code))
    title = f"QR code that opens {address}"
    svg = _qr(address).svg_inline(
        scale=1, border=QR_BORDER, title=title, svgclass="app-poster__qr", omitsize=True
    )
    return render_template(
        "survey/leads/poster.html",
        invitation=found,
        coded=coded,
        code=show_short_code(coded.code),
        address=address,
        qr=Markup(svg.replace("<svg ", '<svg role="img" focusable="false" ', 1)),  # noqa: S704
        heading=POSTER_HEADINGS[found.lens],
    )


@bp.post("/anonymous-links/<int:anonymous_link_id>/poster")
@access.signed_in(*LEADS)
def make_short_code(anonymous_link_id: int) -> HttpResponse:
    """Give a link made before short codes its code (an open link only)."""
    if not CloseLinkForm().validate_on_submit():
        abort(400)
    coded = _visible(anonymous_link_id, make=True)
    if coded is not None:
        audit.record(
            "short_code_created",
            organisation_id=coded.invitation.organisation_id,
            target_type="invitation",
            target_id=str(anonymous_link_id),
            lens=coded.invitation.lens,
        )
    return redirect(url_for("survey.poster", anonymous_link_id=anonymous_link_id))


@bp.get("/anonymous-links/<int:anonymous_link_id>/poster.svg")
@access.signed_in(*LEADS)
def poster_svg(anonymous_link_id: int) -> HttpResponse:
    coded = _visible(anonymous_link_id)
    if coded is None:
        abort(404)
    code = show_short_code(coded.code)
    address = short_link(code)
    buffer = io.BytesIO()
    _qr(address).save(
        buffer, kind="svg", scale=QR_SCALE, border=QR_BORDER, title=f"QR code that opens {address}"
    )
    return HttpResponse(
        buffer.getvalue(),
        mimetype="image/svg+xml",
        headers={"Content-Disposition": f'attachment; filename="qr-code-{code}.svg"'},
    )
