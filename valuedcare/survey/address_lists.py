"""Sending an anonymous link to a list of people, each with their own single-use link, by email or
by text message (through GOV.UK Notify).

- ``GET  /anonymous-links/<id>/addresses``         the list as counts, and the upload form
- ``POST /anonymous-links/<id>/addresses``         check a CSV file of addresses and numbers;
  with no problem, give each new person a link and queue their invitation (all or nothing)
- ``POST /anonymous-links/<id>/addresses/remove``  take one person off the list, at their request
- ``POST /anonymous-links/<id>/addresses/delete``  delete the whole list

The lead sees counts of people and messages only: never which links have been used (see
``data.address_lists`` for how the list is kept apart from the answers). A file with any
problem is listed row by row and nothing is saved. Audit entries hold counts, never an address.
"""

from __future__ import annotations

from flask import abort, current_app, flash, redirect, render_template, url_for
from werkzeug.wrappers import Response as HttpResponse

from valuedcare import access
from valuedcare.address_lists import MAX_ADDRESSES, SMS, ListProblem, read_address_list
from valuedcare.data import address_lists, audit
from valuedcare.data.actions import today
from valuedcare.formatting import counted
from valuedcare.links import respondent_link
from valuedcare.mail.providers import can_send_texts
from valuedcare.survey import bp
from valuedcare.survey.lead_forms import AddressListForm, CloseLinkForm, RemoveAddressForm
from valuedcare.survey.leads import LEADS


def _page(
    anonymous_link_id: int,
    *,
    upload_form: AddressListForm | None = None,
    remove_form: RemoveAddressForm | None = None,
    problems: tuple[ListProblem, ...] = (),
) -> str:
    found = address_lists.summary(access.current_scope(), anonymous_link_id, today())
    if found is None:
        abort(404)
    return render_template(
        "survey/leads/address_list.html",
        summary=found,
        invitation=found.invitation,
        form=remove_form if remove_form is not None else upload_form,
        upload_form=upload_form or AddressListForm(),
        remove_form=remove_form or RemoveAddressForm(),
        delete_form=CloseLinkForm(),
        problems=problems,
        max_addresses=MAX_ADDRESSES,
        limit_mb=current_app.config["MAX_CONTENT_LENGTH"] // (1024 * 1024),
        reminder_days=tuple(current_app.config["REMINDER_DAYS"]),
    )


@bp.get("/anonymous-links/<int:anonymous_link_id>/addresses")
@access.signed_in(*LEADS)
def address_list(anonymous_link_id: int) -> str:
    return _page(anonymous_link_id)


@bp.post("/anonymous-links/<int:anonymous_link_id>/addresses")
@access.signed_in(*LEADS)
def upload_addresses(anonymous_link_id: int) -> str | HttpResponse:
    form = AddressListForm()
    if not form.validate_on_submit():
        return _page(anonymous_link_id, upload_form=form)
    sent = form.file.data
    if sent is None or not getattr(sent, "filename", ""):
        form.file.errors = ["Select a CSV file of email addresses or mobile numbers"]
        return _page(anonymous_link_id, upload_form=form)
    checked = read_address_list(sent.read())
    if not checked.ok:
        count = len(checked.problems)
        form.file.errors = [
            "The list has a problem: fix it and upload the file again"
            if count == 1
            else f"The list has {count:,} problems: fix them and upload the file again"
        ]
        return _page(anonymous_link_id, upload_form=form, problems=checked.problems)
    texts = sum(1 for contact in checked.contacts if contact.channel == SMS)
    if texts and not can_send_texts(current_app.config):
        form.file.errors = [
            f"The list has {counted(texts, 'mobile number')}, but text messages can only be "
            "sent through GOV.UK Notify, which this service does not use: ask your administrator "
            "to set it up, or use email addresses"
        ]
        return _page(anonymous_link_id, upload_form=form)
    scope = access.current_scope()
    try:
        added = address_lists.add_addresses(
            scope, anonymous_link_id, checked.contacts, respondent_link, today()
        )
    except address_lists.AddressListError as error:
        form.file.errors = [str(error)]
        return _page(anonymous_link_id, upload_form=form)
    if added is None:
        abort(404)
    found = address_lists.summary(scope, anonymous_link_id, today())
    assert found is not None
    audit.record(
        "address_list_added",
        organisation_id=found.invitation.organisation_id,
        target_type="invitation",
        target_id=str(anonymous_link_id),
        addresses=added.added,
        already_on_list=added.already,
    )
    message = f"Invitations are on their way to {counted(added.added, 'person', 'people')}"
    if added.already:
        message += (
            f". {counted(added.already, 'address was', 'addresses were')} already on the list "
            "and will not be sent the invitation again"
        )
    flash(message, "success")
    return redirect(url_for("survey.address_list", anonymous_link_id=anonymous_link_id))


@bp.post("/anonymous-links/<int:anonymous_link_id>/addresses/remove")
@access.signed_in(*LEADS)
def remove_address(anonymous_link_id: int) -> str | HttpResponse:
    form = RemoveAddressForm()
    if not form.validate_on_submit():
        return _page(anonymous_link_id, remove_form=form)
    scope = access.current_scope()
    removed = address_lists.remove_address(scope, anonymous_link_id, form.address.data or "")
    if removed is None:
        abort(404)
    if not removed:
        form.address.errors = ["This is not on the list: check it and try again"]
        return _page(anonymous_link_id, remove_form=form)
    found = address_lists.summary(scope, anonymous_link_id, today())
    assert found is not None
    audit.record(
        "address_removed",
        organisation_id=found.invitation.organisation_id,
        target_type="invitation",
        target_id=str(anonymous_link_id),
        addresses=1,
        why="on request",
    )
    flash("It has been deleted, and its link no longer works", "success")
    return redirect(url_for("survey.address_list", anonymous_link_id=anonymous_link_id))


@bp.post("/anonymous-links/<int:anonymous_link_id>/addresses/delete")
@access.signed_in(*LEADS)
def delete_address_list(anonymous_link_id: int) -> HttpResponse:
    if not CloseLinkForm().validate_on_submit():
        abort(400)
    scope = access.current_scope()
    found = address_lists.summary(scope, anonymous_link_id, today())
    deleted = address_lists.delete_list(scope, anonymous_link_id)
    if found is None or deleted is None:
        abort(404)
    audit.record(
        "address_list_deleted",
        organisation_id=found.invitation.organisation_id,
        target_type="invitation",
        target_id=str(anonymous_link_id),
        addresses=deleted,
        why="on request",
    )
    flash(
        f"The list has been deleted: {counted(deleted, 'address', 'addresses')}. "
        "Their links no longer work",
        "success",
    )
    return redirect(url_for("survey.address_list", anonymous_link_id=anonymous_link_id))
