"""User administration: platform administrators manage everyone; an organisation administrator
manages their own organisation's users (never platform administrators). A user outside the
signed-in user's reach answers 404, as if it did not exist."""

from __future__ import annotations

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user
from werkzeug.wrappers import Response

from valuedcare import access
from valuedcare.admin import bp, service
from valuedcare.admin.forms import EmptyForm, RoleForm, UserForm
from valuedcare.data import organisations
from valuedcare.data import users as accounts

MANAGERS = ("platform_admin", "organisation_admin")


def _role_choices() -> list[tuple[str, str]]:
    allowed = accounts.assignable_roles(access.current_scope())
    return [(role, access.ROLE_LABELS[role]) for role in allowed]


@bp.get("/users")
@access.signed_in(*MANAGERS)
def users() -> str:
    return render_template(
        "admin/users.html",
        rows=accounts.list_users(access.current_scope()),
        role_labels=access.ROLE_LABELS,
    )


@bp.route("/users/new", methods=["GET", "POST"])
@access.signed_in(*MANAGERS)
def invite_user() -> str | Response:
    scope = access.current_scope()
    choices = organisations.list_choices(scope) if scope.is_platform_admin else None
    form = UserForm(roles=_role_choices(), organisations=choices)
    if form.validate_on_submit():
        try:
            user = service.invite_user(
                scope,
                form.email.data,
                form.role.data,
                form.organisation_id.data or None,
                form.name.data or "",
                current_user,
            )
        except accounts.AccountError as error:
            form.email.errors.append(str(error))
        else:
            flash(f"We have emailed {user.email} a link to choose a password", "success")
            return redirect(url_for("admin.users"))
    return render_template("admin/user_form.html", form=form)


def _managed_or_404(user_id: int):
    user = accounts.get_user(access.current_scope(), user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@access.signed_in(*MANAGERS)
def edit_user(user_id: int) -> str | Response:
    user = _managed_or_404(user_id)
    form = RoleForm(roles=_role_choices(), data={"role": user.role})
    if form.validate_on_submit():
        try:
            service.change_role(access.current_scope(), user_id, form.role.data)
        except accounts.AccountError as error:
            form.role.errors.append(str(error))
        else:
            new_role = access.ROLE_LABELS[form.role.data]
            flash(f"{user.name or user.email} is now: {new_role}", "success")
            return redirect(url_for("admin.users"))
    organisation = (
        organisations.get_organisation(access.current_scope(), user.organisation_id)
        if user.organisation_id
        else None
    )
    return render_template(
        "admin/user.html",
        user=user,
        organisation=organisation,
        form=form,
        button_form=EmptyForm(),
        role_labels=access.ROLE_LABELS,
        is_self=user.id == current_user.id,
    )


def _set_active(user_id: int, active: bool) -> Response:
    if not EmptyForm().validate_on_submit():
        abort(400)
    user = _managed_or_404(user_id)
    try:
        service.set_active(access.current_scope(), user_id, active)
    except accounts.AccountError as error:
        flash(str(error), "important")
        return redirect(url_for("admin.edit_user", user_id=user_id))
    done = "can sign in again" if active else "can no longer sign in"
    flash(f"{user.name or user.email} {done}", "success")
    return redirect(url_for("admin.edit_user", user_id=user_id))


@bp.post("/users/<int:user_id>/deactivate")
@access.signed_in(*MANAGERS)
def deactivate_user(user_id: int) -> Response:
    return _set_active(user_id, False)


@bp.post("/users/<int:user_id>/reactivate")
@access.signed_in(*MANAGERS)
def reactivate_user(user_id: int) -> Response:
    return _set_active(user_id, True)
