"""The words of each message: what the README tells an administrator to paste into GOV.UK Notify
is what SMTP and the log send, with the same ((placeholders))."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from valuedcare.data.outbox import TEMPLATES
from valuedcare.mail import ACCOUNT_TEMPLATES
from valuedcare.mail.messages import TEXTS, notify_text, render

README = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("template", sorted(TEXTS))
def test_the_readme_gives_each_messages_notify_text(template: str) -> None:
    subject, body = notify_text(template)
    if subject:
        assert f"`{template}`, subject “{subject}”" in README
    else:  # a text message has no subject
        assert f"`{template}`, a text message template:" in README
    for paragraph in body.split("\n\n"):
        if paragraph.strip():
            assert f"    {paragraph.strip()}" in README, paragraph


def test_every_message_has_words_and_its_placeholders_are_the_ones_it_is_given() -> None:
    fields = {**TEMPLATES, **ACCOUNT_TEMPLATES}
    assert set(TEXTS) == set(fields)
    for template, (subject, body) in TEXTS.items():
        used = set(re.findall(r"\{(\w+)\}", subject + body))
        assert used <= set(fields[template]), template  # Notify ignores fields it does not use
        rendered = render(template, {key: f"<{key}>" for key in fields[template]})
        assert "{" not in rendered[0] + rendered[1]
