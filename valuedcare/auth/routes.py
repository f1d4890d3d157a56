"""Routes of the "auth" blueprint: sign in and out, your account, password links and the
session-timeout script."""

from __future__ import annotations

from pathlib import Path

from flask import (
    abort,
    current_app,
    flash,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
    session,
    url_for,
)
from flask_login import current_user, logout_user
from werkzeug.wrappers import Response

from valuedcare import access
from valuedcare.auth import bp, service
from valuedcare.auth.forms import EmptyForm, NewPasswordForm, PasswordResetRequestForm, SignInForm
from valuedcare.auth.navigation import clock_time
from valuedcare.auth.session import (
    end_signed_in_session,
    session_ends_at,
    start_signed_in_session,
)
from valuedcare.data import audit
from valuedcare.limits import password_link_limit, password_reset_limit, sign_in_limits

SIGN_IN_FAILED = "Enter a correct email address and password"


@bp.route("/sign-in", methods=["GET", "POST"])
@access.public
@sign_in_limits
def sign_in() -> str | Response:
    if current_user.is_authenticated:
        return redirect(url_for("main.index"))
    form = SignInForm()
    if form.validate_on_submit():
        user = service.sign_in(form.email.data, form.password.data)
        if user is not None:
            next_url = service.safe_next_url(request.args.get("next"))
            start_signed_in_session(user)
            return redirect(next_url or url_for("main.index"))
        form.email.errors.append(SIGN_IN_FAILED)
    expired = request.args.get("expired") == "1" and not form.is_submitted()
    return render_template("auth/sign_in.html", form=form, expired=expired)


@bp.post("/sign-out")
@access.signed_in()
def sign_out() -> Response:
    if not EmptyForm().validate_on_submit():
        abort(400)
    audit.record("sign_out", organisation_id=current_user.organisation_id)
    end_signed_in_session()
    return redirect(url_for("auth.signed_out"))


@bp.get("/signed-out")
@access.public
def signed_out() -> str:
    return render_template("auth/signed_out.html")


@bp.get("/")
@access.signed_in()
def account() -> str:
    return render_template("auth/account.html", form=EmptyForm(), role_labels=access.ROLE_LABELS)


@bp.post("/sign-out-everywhere")
@access.signed_in()
def sign_out_everywhere() -> Response:
    if not EmptyForm().validate_on_submit():
        abort(400)
    service.sign_out_everywhere(current_user._get_current_object())
    logout_user()
    session.clear()
    flash("You have been signed out on every device", "success")
    return redirect(url_for("auth.signed_out"))


@bp.route("/password-reset", methods=["GET", "POST"])
@access.public
@password_reset_limit
def request_reset() -> str | Response:
    form = PasswordResetRequestForm()
    if form.validate_on_submit():
        service.request_password_reset(form.email.data)
        session["reset_requested_for"] = form.email.data.strip()
        return redirect(url_for("auth.reset_requested"))
    return render_template("auth/request_reset.html", form=form)


@bp.get("/password-reset/sent")
@access.public
def reset_requested() -> str:
    email = session.pop("reset_requested_for", "")
    minutes = service.reset_max_age() // 60
    return render_template("auth/reset_requested.html", email=email, minutes=minutes)


@bp.route("/password-reset/<token>", methods=["GET", "POST"])
@access.public
@password_link_limit
def reset_password(token: str) -> str | Response | tuple[str, int]:
    account = service.account_for_token(token)
    if account is None:
        return render_template("auth/link_expired.html"), 404
    form = NewPasswordForm(email=account.email)
    if form.validate_on_submit():
        service.reset_password(account, form.password.data)
        logout_user()
        session.clear()
        flash("Your password has been changed. Sign in with your new password.", "success")
        return redirect(url_for("auth.sign_in"))
    return render_template("auth/reset_password.html", form=form, account=account)


@bp.get("/session")
@access.signed_in()
def keep_alive() -> Response:
    """Keeps the session going (any request does) and says when it will now end."""
    ends_at = session_ends_at()
    return jsonify(ends_at=ends_at.isoformat(), ends_at_text=clock_time(ends_at))


@bp.get("/session-timeout.js")
@access.public
def session_script() -> Response:
    folder = Path(current_app.root_path) / "templates" / "auth"
    return send_from_directory(folder, "session-timeout.js", mimetype="text/javascript")
