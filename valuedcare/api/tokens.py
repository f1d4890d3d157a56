"""The API tokens pages: a signed-in user creates, lists and revokes their own tokens.

A new token is shown once, on the page that answers the form (never stored in the session or
sent again); only its hash is kept. Creating and revoking are recorded in the audit log, with the
token's name and id but never the token.
"""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response
from wtforms import StringField
from wtforms.validators import DataRequired, Length, ValidationError

from valuedcare import access
from valuedcare.api import bp
from valuedcare.data import api_tokens, audit
from valuedcare.forms.base import BaseForm
from valuedcare.forms.widgets import NhsInput


class NewTokenForm(BaseForm):
    name = StringField(
        "Token name",
        description="Say where you will use it, for example “Power BI board dashboard”",
        widget=NhsInput(autocomplete="off", spellcheck=False),
        validators=[
            DataRequired(message="Enter a name for the token"),
            Length(
                max=api_tokens.MAX_NAME_LENGTH,
                message=f"Name must be {api_tokens.MAX_NAME_LENGTH} characters or fewer",
            ),
        ],
    )

    def validate_name(self, field: StringField) -> None:
        if api_tokens.count_active_tokens(current_user.id) >= api_tokens.MAX_TOKENS_PER_USER:
            raise ValidationError(
                f"You already have {api_tokens.MAX_TOKENS_PER_USER} tokens. Revoke one you no "
                "longer use first"
            )


class RevokeForm(BaseForm):
    """A POST with a CSRF token only."""


def _tokens_page(form: NewTokenForm) -> str:
    tokens = api_tokens.list_tokens(current_user.id)
    return render_template("api/tokens.html", form=form, tokens=tokens)


@bp.get("/tokens")
@access.signed_in()
def list_tokens() -> str:
    return _tokens_page(NewTokenForm())


@bp.post("/tokens")
@access.signed_in()
def create_token() -> str:
    form = NewTokenForm()
    if not form.validate_on_submit():
        return _tokens_page(form)
    token, info = api_tokens.create_token(current_user.id, form.name.data or "")
    audit.record(
        "api_token_created",
        organisation_id=current_user.organisation_id,
        target_type="api_token",
        target_id=info.id,
        name=info.name,
    )
    return render_template("api/token_created.html", token=token, info=info)


@bp.post("/tokens/<int(min=1, max=2147483647):token_id>/revoke")
@access.signed_in()
def revoke_token(token_id: int) -> Response:
    if not RevokeForm().validate_on_submit():
        abort(400)
    info = api_tokens.revoke_token(current_user.id, token_id)
    if info is None:
        abort(404)
    audit.record(
        "api_token_revoked",
        organisation_id=current_user.organisation_id,
        target_type="api_token",
        target_id=info.id,
        name=info.name,
    )
    flash(f"Token “{info.name}” revoked. It no longer works.", "success")
    return redirect(url_for(".list_tokens"))
