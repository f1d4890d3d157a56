"""The statements a public service publishes: an accessibility statement in the GOV.UK model form
and a privacy notice naming the controller, contacts, lawful basis and retention, filled in from
the organisation's settings (with documented defaults) and the environment."""

from __future__ import annotations

import re
from typing import Any

import pytest

SECTIONS = [
    "How accessible this service is",
    "Feedback and contact information",
    "Reporting accessibility problems with this service",
    "Enforcement procedure",
    "Technical information about this service",
    "Compliance status",
    "Non-accessible content",
    "What we're doing to improve accessibility",
    "Preparation of this accessibility statement",
]


def _text(client: Any, path: str) -> str:
    page = client.get(path)
    assert page.status_code == 200
    html = page.get_data(as_text=True)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace("&#39;", "'")


@pytest.fixture
def settings(app: Any) -> Any:
    keys = ("CONTROLLER_NAME", "CONTACT_EMAIL", "DPO_EMAIL", "RETENTION_PERIOD")
    before = {key: app.config.get(key) for key in keys}
    yield app.config
    app.config.update(before)


def test_accessibility_statement_follows_the_model(client: Any, settings: Any) -> None:
    text = _text(client, "/accessibility-statement")
    for section in SECTIONS:
        assert section in text, section
    assert "partially compliant with the Web Content Accessibility Guidelines version 2.2" in text
    assert "Equality and Human Rights Commission" in text
    assert "Equality Advisory and Support Service" in text
    assert "board paper PDF has no tags" in text  # a known issue, stated
    assert "prepared on 4 December 2026" in text and "last reviewed on 4 December 2026" in text
    settings["CONTACT_EMAIL"] = "access@trust.example.org"
    assert "access@trust.example.org" in _text(client, "/accessibility-statement")


def test_privacy_notice_defaults_say_who_to_ask(client: Any, settings: Any) -> None:
    text = _text(client, "/privacy")
    assert "the NHS organisation that runs this service" in text
    assert "Article 6(1)(e)" in text
    assert "6 years after the end of the assessment cycle" in text
    assert "Information Commissioner's Office" in text
    assert "IP address" in text and "fewer than 5 people" in text
    # the feedback questionnaire asks which services people use: health data, said plainly
    assert "special category data" in text and "Article 9(2)(h)" in text
    assert "does not delete them by itself" in text


def test_privacy_notice_names_what_the_organisation_sets(client: Any, settings: Any) -> None:
    settings.update(
        CONTROLLER_NAME="Ashvale Mental Health NHS Trust (fictional)",
        CONTACT_EMAIL="data@ashvale.example.org",
        DPO_EMAIL="dpo@ashvale.example.org",
        RETENTION_PERIOD="3 years after the end of the assessment cycle",
    )
    text = _text(client, "/privacy")
    assert "The data controller is Ashvale Mental Health NHS Trust (fictional)" in text
    assert "data@ashvale.example.org" in text and "dpo@ashvale.example.org" in text
    assert "3 years after the end of the assessment cycle" in text


def test_settings_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    from valuedcare.config import DevelopmentConfig

    monkeypatch.setenv("CONTROLLER_NAME", "Larchfield Trust (fictional)")
    monkeypatch.setenv("DPO_EMAIL", "dpo@larchfield.example.org")
    config = DevelopmentConfig()
    assert config.CONTROLLER_NAME == "Larchfield Trust (fictional)"
    assert config.DPO_EMAIL == "dpo@larchfield.example.org"
    assert config.CONTACT_EMAIL is None  # unset: the notice says who to ask instead
