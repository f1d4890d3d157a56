"""Uploading outcome measures: an improvement lead downloads the template, uploads a file, sees
every problem or a preview of what will be added and replaced, and confirms. A refused upload, a
failure halfway and a replayed confirmation leave the values as they were."""

from __future__ import annotations

import io
import zipfile
from datetime import date
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy import func, select

from tests.integration.auth.helpers import audit_events, sign_in

HEADER = "month,team,measure,value,numerator,denominator"


def counts(db: Any) -> dict[str, int]:
    import valuedcare.models as models

    db.session.expire_all()
    return {
        name: db.session.scalar(select(func.count()).select_from(getattr(models, name)))
        for name in ("MeasureUpload", "MeasureValue", "MeasureValueHistory")
    }


def upload(client: Any, trust: Any, text: str | bytes, name: str = "values.csv") -> Any:
    content = text.encode("utf-8") if isinstance(text, str) else text
    return client.post(
        f"/organisations/{trust.organisation.id}/measures/upload",
        data={"file": (io.BytesIO(content), name)},
        content_type="multipart/form-data",
    )


def upload_id(response: Any) -> int:
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    return int(response.headers["Location"].rstrip("/").split("/")[-1])


GOOD = (
    f"{HEADER}\n"
    "2026-01,North locality,length_of_stay,30,,\n"
    "2026-01,South locality,length_of_stay,34,,\n"
    "2026-01,North locality,did_not_attend,,12,100\n"
)


def test_the_lead_downloads_the_templates(client: Any, trust: Any) -> None:
    sign_in(client, trust.lead)
    base = f"/organisations/{trust.organisation.id}/measures/template"
    lines = client.get(base + ".csv").get_data(as_text=True).splitlines()
    assert lines[0] == HEADER
    assert len(lines) == 1 + 12 * 2 * 10, "a year of months, two teams, ten measures"
    assert {line.split(",")[1] for line in lines[1:]} == {"North locality", "South locality"}
    response = client.get(base + ".xlsx")
    assert response.headers["Content-Disposition"].startswith("attachment;")
    workbook = load_workbook(io.BytesIO(response.data))
    assert workbook.sheetnames == ["Values", "Measures", "Readme"]


def test_a_good_file_is_previewed_then_stored_once(client: Any, trust: Any, db: Any) -> None:
    sign_in(client, trust.lead)
    before = counts(db)
    found = upload_id(upload(client, trust, GOOD))
    assert counts(db)["MeasureValue"] == before["MeasureValue"], "nothing stored before confirming"
    page = client.get(f"/measures/uploads/{found}").get_data(as_text=True)
    assert "3 values, 3 new and 0 replacing earlier values" in page
    assert "Average length of stay (adult acute)" in page
    confirmed = client.post(f"/measures/uploads/{found}/confirm")
    assert confirmed.status_code == 302
    assert counts(db)["MeasureValue"] == 3
    replay = client.post(f"/measures/uploads/{found}/confirm")
    assert replay.status_code == 302
    assert counts(db)["MeasureValue"] == 3, "a replayed confirmation stores nothing more"
    events = audit_events(db, "measures_uploaded")
    assert len(events) == 1 and events[0].detail == {"added": 3, "replaced": 0}


def test_uploading_a_month_again_replaces_it_and_keeps_the_old_value(
    client: Any, trust: Any, db: Any
) -> None:
    from valuedcare.models import MeasureValue, MeasureValueHistory

    sign_in(client, trust.lead)
    client.post(f"/measures/uploads/{upload_id(upload(client, trust, GOOD))}/confirm")
    again = (
        f"{HEADER}\n2026-01,North locality,length_of_stay,28,,\n"
        "2026-02,North locality,length_of_stay,27,,\n"
    )
    second = upload_id(upload(client, trust, again))
    page = client.get(f"/measures/uploads/{second}").get_data(as_text=True)
    assert "2 values, 1 new and 1 replacing earlier values" in page
    assert "Values that will be replaced" in page
    client.post(f"/measures/uploads/{second}/confirm")
    db.session.expire_all()
    stored = db.session.scalars(
        select(MeasureValue.value).where(
            MeasureValue.team == "North locality",
            MeasureValue.measure == "length_of_stay",
            MeasureValue.month == date(2026, 1, 1),
        )
    ).all()
    assert stored == [28.0]
    history = db.session.scalars(select(MeasureValueHistory)).all()
    assert [(h.value, h.replaced_by_id) for h in history] == [(30.0, second)]
    assert audit_events(db, "measures_uploaded")[-1].detail == {"added": 1, "replaced": 1}


@pytest.mark.parametrize(
    ("text", "name", "expected"),
    [
        (
            f"{HEADER}\n2026-01,Nowhere,length_of_stay,30,,\n",
            "v.csv",
            "row 2, column team: &#39;Nowhere&#39; is not one of your teams",
        ),
        (
            f"{HEADER}\n2026-01,North locality,waits,30,,\n",
            "v.csv",
            "row 2, column measure: &#39;waits&#39; is not a measure",
        ),
        (
            f"{HEADER}\n2099-01,North locality,length_of_stay,30,,\n",
            "v.csv",
            "row 2, column month: The month is still to come",
        ),
        (
            f"{HEADER}\n2026-01,North locality,length_of_stay,thirty,,\n",
            "v.csv",
            "row 2, column value: Enter a number, like 12.5",
        ),
        (
            f"{HEADER}\n2026-01,North locality,did_not_attend,,3,0\n",
            "v.csv",
            "row 2, column denominator: The denominator cannot be 0",
        ),
        (
            f"{HEADER}\n2026-01,North locality,did_not_attend,,30,3\n",
            "v.csv",
            "row 2, column numerator: The numerator cannot be more than the denominator",
        ),
        (
            f"{HEADER}\n2026-01,North locality,length_of_stay,30,,\n"
            "2026-01,North locality,length_of_stay,31,,\n",
            "v.csv",
            "row 3: This row repeats row 2",
        ),
        (
            f"{HEADER}\n2026-01,North locality,length_of_stay,=SUM(1;2),,\n",
            "v.csv",
            "row 2, column value: Type the value itself, not a formula",
        ),
        ("", "v.csv", "The file is empty"),
        (f"{HEADER}\n", "v.csv", "The file has no rows of values, only the header"),
        ("month,team\n", "v.csv", "row 1, column measure: The column &#39;measure&#39; is missing"),
        (
            f"{HEADER}\n2026-01,Nörth locality,length_of_stay,30,,\n".encode("cp1252"),
            "v.csv",
            "The file is not UTF-8 text",
        ),
        (b"not a workbook", "v.xlsx", "The file is named .xlsx but is not an Excel workbook"),
        (b"%PDF-1.4", "v.pdf", "The file must be a CSV file (.csv) or an Excel workbook (.xlsx)"),
    ],
)
def test_every_problem_is_listed_and_nothing_is_stored(
    client: Any, trust: Any, db: Any, text: str | bytes, name: str, expected: str
) -> None:
    sign_in(client, trust.lead)
    before = counts(db)
    response = upload(client, trust, text, name)
    body = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "There is a problem" in body
    assert expected in body
    assert "Nothing from the file has been stored" in body
    assert counts(db) == before


def test_an_excel_file_with_a_formula_cell_is_refused(client: Any, trust: Any, db: Any) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(HEADER.split(","))
    workbook.active.append(["2026-01", "North locality", "length_of_stay", "=10+20"])
    out = io.BytesIO()
    workbook.save(out)
    sign_in(client, trust.lead)
    before = counts(db)
    body = upload(client, trust, out.getvalue(), "v.xlsx").get_data(as_text=True)
    assert "row 2, column value: Type the value itself, not a formula" in body
    assert counts(db) == before


def test_a_file_over_the_size_limit_gets_a_clear_message_on_the_page(
    client: Any, trust: Any, db: Any
) -> None:
    sign_in(client, trust.lead)
    before = counts(db)
    response = upload(client, trust, b"x" * (50 * 1024 * 1024), "big.csv")
    body = response.get_data(as_text=True)
    assert response.status_code == 413
    assert "The file is larger than 2 MB: split it into smaller files" in body
    assert 'href="#file"' in body, "the error summary links to the file input"
    assert counts(db) == before


def test_no_file_chosen(client: Any, trust: Any) -> None:
    sign_in(client, trust.lead)
    response = client.post(
        f"/organisations/{trust.organisation.id}/measures/upload",
        data={},
        content_type="multipart/form-data",
    )
    assert "Select a CSV or Excel file of values" in response.get_data(as_text=True)


def test_a_failure_halfway_through_storing_leaves_the_values_as_they_were(
    app: Any, client: Any, trust: Any, db: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The third row of a pending upload is broken in the database (as a fault would break it):
    storing fails after two rows went in, and the whole confirmation is rolled back."""
    from valuedcare.models import MeasureUpload

    sign_in(client, trust.lead)
    client.post(f"/measures/uploads/{upload_id(upload(client, trust, GOOD))}/confirm")
    changed = (
        f"{HEADER}\n2026-01,North locality,length_of_stay,20,,\n"
        "2026-02,North locality,length_of_stay,21,,\n2026-03,North locality,length_of_stay,22,,\n"
    )
    pending = upload_id(upload(client, trust, changed))
    row = db.session.get(MeasureUpload, pending)
    rows = [dict(each) for each in row.rows]
    rows[2]["value"] = None
    row.rows = rows
    db.session.commit()
    before = counts(db)
    monkeypatch.setitem(app.config, "PROPAGATE_EXCEPTIONS", False)
    monkeypatch.setattr(app, "testing", False)
    response = client.post(f"/measures/uploads/{pending}/confirm")
    assert response.status_code == 500
    assert counts(db) == before
    db.session.expire_all()
    assert db.session.get(MeasureUpload, pending).status == "pending"
    from valuedcare.models import MeasureValue

    values = db.session.scalars(
        select(MeasureValue.value)
        .where(MeasureValue.measure == "length_of_stay")
        .order_by(MeasureValue.team)
    ).all()
    assert values == [30.0, 34.0], "the first row's replacement was rolled back too"


def test_cancelling_stores_nothing_and_confirming_afterwards_stores_nothing(
    client: Any, trust: Any, db: Any
) -> None:
    sign_in(client, trust.lead)
    found = upload_id(upload(client, trust, GOOD))
    before = counts(db)
    assert client.post(f"/measures/uploads/{found}/cancel").status_code == 302
    client.post(f"/measures/uploads/{found}/confirm")
    after = counts(db)
    assert after["MeasureValue"] == before["MeasureValue"]


def test_two_confirmations_of_different_uploads_for_the_same_month_clash_cleanly(
    client: Any, trust: Any, db: Any
) -> None:
    """Two leads check files for the same month; the second confirms after the first. Its preview
    was drawn before the first was stored, but confirming reads the stored values again, so the
    second replaces the first and the first's values go to the history."""
    sign_in(client, trust.lead)
    first = upload_id(upload(client, trust, GOOD))
    second = upload_id(upload(client, trust, GOOD.replace(",30,,", ",29,,")))
    client.post(f"/measures/uploads/{first}/confirm")
    client.post(f"/measures/uploads/{second}/confirm")
    assert counts(db)["MeasureValue"] == 3
    assert counts(db)["MeasureValueHistory"] == 3


def test_other_organisations_and_readers_cannot_upload_or_confirm(
    client: Any, trust: Any, db: Any
) -> None:
    sign_in(client, trust.lead)
    found = upload_id(upload(client, trust, GOOD))
    for person, expected in ((trust.stranger, 404), (trust.board, 403), (trust.viewer, 403)):
        other = client.application.test_client()
        sign_in(other, person)
        assert other.get(f"/measures/uploads/{found}").status_code == expected
        assert other.post(f"/measures/uploads/{found}/confirm").status_code == expected
        assert upload(other, trust, GOOD).status_code == expected
    assert counts(db)["MeasureValue"] == 0


def test_the_measures_download_lists_every_value(client: Any, trust: Any) -> None:
    sign_in(client, trust.lead)
    client.post(f"/measures/uploads/{upload_id(upload(client, trust, GOOD))}/confirm")
    viewer = client.application.test_client()
    sign_in(viewer, trust.viewer)
    lines = (
        viewer.get(f"/organisations/{trust.organisation.id}/measures.csv")
        .get_data(as_text=True)
        .splitlines()
    )
    assert lines[0] == "measure,measure_title,unit,team,month,value,numerator,denominator"
    assert len(lines) == 4
    xlsx = viewer.get(f"/organisations/{trust.organisation.id}/measures.xlsx")
    assert zipfile.is_zipfile(io.BytesIO(xlsx.data))


def test_a_nul_byte_in_a_file_is_refused_before_it_reaches_the_database(
    client: Any, trust: Any, db: Any
) -> None:
    sign_in(client, trust.lead)
    before = counts(db)
    body = upload(client, trust, f"{HEADER}\n2026-01,North\x00locality,length_of_stay,3,,\n")
    assert "The file is not a CSV file: it holds binary data" in body.get_data(as_text=True)
    assert counts(db) == before


def test_two_confirmations_at_once_store_the_values_once(app: Any, trust: Any, db: Any) -> None:
    """Two tabs (or a double click) confirm the same upload at the same moment: one stores it,
    the other is told it was already stored, and each value is there once."""
    import threading

    first, second = app.test_client(), app.test_client()
    sign_in(first, trust.lead)
    sign_in(second, trust.lead)
    found = upload_id(upload(first, trust, GOOD))
    barrier = threading.Barrier(2)
    statuses: list[int] = []

    def confirm(client: Any) -> None:
        barrier.wait()
        statuses.append(client.post(f"/measures/uploads/{found}/confirm").status_code)

    threads = [threading.Thread(target=confirm, args=(each,)) for each in (first, second)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert statuses == [302, 302]
    assert counts(db)["MeasureValue"] == 3
    assert len(audit_events(db, "measures_uploaded")) == 1
