"""Pytest fixtures for the fakes: ``fake_notify`` (a fake GOV.UK Notify the app sends to) and
``smtp_server`` (a local SMTP server, aiosmtpd, that keeps what it receives)."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import Iterator
from dataclasses import dataclass, field
from email import message_from_bytes
from email.message import Message
from typing import Any

import pytest
from flask import Flask

from tests.fakes.notify import FakeNotify


@pytest.fixture(scope="session")
def _notify_server() -> Iterator[FakeNotify]:
    fake = FakeNotify().start()
    yield fake
    fake.stop()


@pytest.fixture
def fake_notify(app: Flask, _notify_server: FakeNotify) -> Iterator[FakeNotify]:
    """A fake Notify, emptied, with the application configured to send through it."""
    _notify_server.reset()
    settings = _notify_server.config()
    previous = {key: app.config.get(key) for key in settings}
    app.config.update(settings)
    yield _notify_server
    app.config.update(previous)
    _notify_server.reset()


@dataclass
class SmtpInbox:
    host: str
    port: int
    received: list[Message] = field(default_factory=list)

    #: Seconds to wait after taking a message before answering (to make the client time out).
    delay: float = 0.0

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.received.append(message_from_bytes(envelope.content))
        if self.delay:
            await asyncio.sleep(self.delay)
        return "250 Message accepted for delivery"

    def to(self, address: str) -> list[Message]:
        return [message for message in self.received if message["To"] == address]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture
def smtp_server(app: Flask) -> Iterator[SmtpInbox]:
    """A local SMTP server (aiosmtpd) the application sends through."""
    from aiosmtpd.controller import Controller

    inbox = SmtpInbox("127.0.0.1", _free_port())
    controller = Controller(inbox, hostname=inbox.host, port=inbox.port)
    controller.start()
    settings = {
        "MAIL_PROVIDER": "smtp",
        "MAIL_SERVER": inbox.host,
        "MAIL_PORT": inbox.port,
        "MAIL_USE_TLS": False,
        "MAIL_USERNAME": None,
        "MAIL_TIMEOUT": 2,
    }
    previous = {key: app.config.get(key) for key in settings}
    app.config.update(settings)
    yield inbox
    app.config.update(previous)
    controller.stop()
