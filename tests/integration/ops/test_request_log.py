"""Structured request logs: one JSON line per request, with nothing secret in it."""

from __future__ import annotations

import json
import logging
import sys

from valuedcare import create_app, request_log
from valuedcare.config import TestConfig


def _only(records: list[logging.LogRecord]) -> dict:
    assert len(records) == 1, [r.getMessage() for r in records]
    return records[0].request_fields


def _line(record: logging.LogRecord) -> str:
    return request_log.JsonFormatter().format(record)


def test_a_request_is_logged_with_method_path_status_duration_and_request_id(
    logged_app, request_records
):
    response = logged_app.test_client().get("/accessibility-statement?utm_source=letter")

    fields = _only(request_records)
    assert response.status_code == 200
    assert fields["method"] == "GET"
    assert fields["path"] == "/accessibility-statement"
    assert fields["route"] == "/accessibility-statement"
    assert fields["status"] == 200
    assert isinstance(fields["duration_ms"], float) and fields["duration_ms"] >= 0
    assert fields["request_id"] == response.headers["X-Request-ID"]
    line = json.loads(_line(request_records[0]))
    assert line["status"] == 200 and line["level"] == "info"
    assert line["logger"] == "valuedcare.request"
    assert "utm_source" not in _line(request_records[0])


def test_a_well_formed_request_id_from_the_load_balancer_is_kept(logged_app, request_records):
    client = logged_app.test_client()
    kept = client.get("/privacy", headers={"X-Request-ID": "lb-0123456789abcdef"})
    replaced = client.get("/privacy", headers={"X-Request-ID": "bad id <script>"})

    assert kept.headers["X-Request-ID"] == "lb-0123456789abcdef"
    assert request_records[0].request_fields["request_id"] == "lb-0123456789abcdef"
    assert replaced.headers["X-Request-ID"] != "bad id <script>"
    assert len(replaced.headers["X-Request-ID"]) == 32
    assert request_records[1].request_fields["request_id"] == replaced.headers["X-Request-ID"]


def test_a_token_in_the_path_is_never_logged(logged_app, request_records):
    token = "Zx81PqLm2024RsTuVwXy0123456789ab"
    logged_app.test_client().get(f"/account/password-reset/{token}")

    fields = _only(request_records)
    assert fields["path"] == "/account/password-reset/<token>"
    assert fields["route"] == "/account/password-reset/<token>"
    assert token not in _line(request_records[0])


def test_a_random_looking_segment_of_an_unknown_path_is_redacted(logged_app, request_records):
    secret = "k3yK3yk3yK3yk3yK3y9"
    response = logged_app.test_client().get(f"/no-such-page/{secret}/more?code=123456")

    fields = _only(request_records)
    assert response.status_code == 404
    assert fields["status"] == 404
    assert fields["route"] is None
    assert fields["path"] == "/no-such-page/<redacted>/more"
    assert secret not in _line(request_records[0])
    assert "123456" not in _line(request_records[0])


def test_ids_in_the_path_are_kept(logged_app, request_records):
    logged_app.test_client().get("/reports/assessments/4321")

    fields = _only(request_records)
    assert fields["path"] == "/reports/assessments/4321"
    assert fields["route"] == "/reports/assessments/<int:assessment_id>"


def test_form_fields_of_a_post_are_never_logged(logged_app, request_records):
    password = "a-password-nobody-should-see-42"
    logged_app.test_client().post(
        "/account/sign-in",
        data={"email": "someone.secret@example.org", "password": password},
    )

    fields = _only(request_records)
    line = _line(request_records[0])
    assert fields["method"] == "POST"
    assert fields["path"] == "/account/sign-in"
    assert password not in line
    assert "someone.secret" not in line


def test_a_server_side_failure_is_logged_as_an_error_with_its_status(tmp_path, request_records):
    broken = create_app(TestConfig(f"sqlite:///{tmp_path}/missing-folder/none.db"))
    request_log.init_app(broken)

    response = broken.test_client().get("/readyz")

    fields = _only(request_records)
    assert response.status_code == 503
    assert fields["status"] == 503
    assert request_records[0].levelno == logging.ERROR


def test_switching_the_request_log_on_twice_logs_each_request_once(logged_app, request_records):
    request_log.init_app(logged_app)
    logged_app.test_client().get("/privacy")

    assert len(request_records) == 1


def test_other_log_lines_inside_a_request_carry_the_request_id(logged_app):
    formatter = request_log.JsonFormatter()
    with logged_app.test_request_context("/privacy"):
        logged_app.preprocess_request()
        from flask import g

        g.request_id = "req-1234567890"
        record = logging.LogRecord("valuedcare.mail", logging.WARNING, __file__, 1, "hi", (), None)
        line = json.loads(formatter.format(record))
    assert line == {
        "time": line["time"],
        "level": "warning",
        "logger": "valuedcare.mail",
        "message": "hi",
        "request_id": "req-1234567890",
    }


def test_a_respondent_link_and_its_resume_code_are_never_logged(
    logged_app, db, factories, request_records
):
    from valuedcare.data import invitations
    from valuedcare.data.scope import Scope

    assessment = factories.assessment(cycle=factories.cycle(label="2026/27", status="open"))
    scope = Scope(user_id=None, role="platform_admin", organisation_id=None)
    _, token = invitations.create_anonymous_link(
        scope, assessment.id, lens="experts_by_experience", label="Carers' forum"
    )
    db.session.commit()
    client = logged_app.test_client()

    page = client.get(f"/r/{token}")
    client.post(f"/r/{token}/resume", data={"code": "ABCD-EFGH-JKLM"})

    assert page.status_code == 200
    paths = [record.request_fields["path"] for record in request_records]
    assert paths == ["/r/<token>", "/r/<token>/resume"]
    for record in request_records:
        line = _line(record)
        assert token not in line
        assert "ABCD" not in line


def test_values_bound_to_a_failed_sql_statement_are_cut_out_of_logged_tracebacks(logged_app):
    from sqlalchemy import text

    from valuedcare.extensions import db

    with logged_app.app_context():
        try:
            db.session.execute(
                text("SELECT no_such_column FROM answers WHERE comment = :comment"),
                {"comment": "my private answer"},
            )
        except Exception:
            record = logging.LogRecord(
                "valuedcare.errors",
                logging.ERROR,
                __file__,
                1,
                "Unhandled error",
                (),
                sys.exc_info(),
            )
        db.session.rollback()
    line = json.loads(request_log.JsonFormatter().format(record))
    assert "no_such_column" in line["exception"]
    assert "parameters hidden" in line["exception"]  # the engine hides them (hide_parameters)
    assert "my private answer" not in line["exception"]


def test_the_formatter_cuts_bound_values_an_engine_did_not_hide() -> None:
    from sqlalchemy.exc import StatementError

    try:
        raise StatementError(
            "failed", "SELECT :comment", {"comment": "my private answer"}, ValueError("x")
        )
    except StatementError:
        record = logging.LogRecord(
            "valuedcare.errors", logging.ERROR, __file__, 1, "Unhandled error", (), sys.exc_info()
        )
    line = json.loads(request_log.JsonFormatter().format(record))
    assert "[parameters hidden]" in line["exception"]
    assert "my private answer" not in line["exception"]


def test_a_token_without_digits_in_a_path_with_the_wrong_method_is_redacted(
    logged_app, request_records
):
    token = "abcdefghijklmnopqrstuvwxyzABCDEF"  # letters only: about 1 random token in 250
    response = logged_app.test_client().get(f"/r/{token}/start")

    fields = _only(request_records)
    assert response.status_code == 405
    assert fields["path"] == "/r/<redacted>/start"
    assert token not in _line(request_records[0])
