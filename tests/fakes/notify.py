"""A fake GOV.UK Notify API on a local port (pytest-httpserver), for tests and benchmarks.

It answers the endpoints the outbox uses, as Notify documents them:

- ``POST /v2/notifications/email`` and ``/v2/notifications/sms``: records the message and answers
  201 with a notification id;
- ``GET /v2/notifications?reference=...``: the notifications with that reference;
- ``GET /v2/notifications/<id>``: one notification and its delivery status.

Every request must carry a bearer JWT signed with the key's secret and issued by its service id,
as Notify checks; a request signed with another key gets 403, as a revoked key does. The fake
can be told to fail the next requests (``fail_next(500, 3)``), to be down (``down = True``:
503), to time out after accepting (``slow_next(1)``: the message is recorded, then the answer
comes after the client has given up), and which delivery status to report.

    fake = FakeNotify(); fake.start(); ...; fake.messages; fake.stop()
"""

from __future__ import annotations

import json
import logging
import re
import threading
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import jwt
from pytest_httpserver import HTTPServer
from werkzeug.wrappers import Request, Response

SERVICE_ID = "26785a09-ab16-4eb0-8407-a37497a57506"
SECRET = "3d844edf-8d35-48ac-975b-e847b4f122b0"
#: A key in Notify's own format: name, service id, secret.
API_KEY = f"valuedcare_test-{SERVICE_ID}-{SECRET}"
REVOKED_KEY = f"valuedcare_test-{SERVICE_ID}-{uuid.UUID(int=7)}"
TEMPLATE_IDS = {
    name: str(uuid.uuid5(uuid.NAMESPACE_URL, name))
    for name in (
        "board_invitation",
        "board_reminder",
        "anonymous_invitation",
        "anonymous_reminder",
        "anonymous_invitation_sms",
        "anonymous_reminder_sms",
        "password_reset",
        "account_invitation",
    )
}
ONE_NOTIFICATION = re.compile(r"^/v2/notifications/[0-9a-f-]{36}$")
#: How long a slow answer waits: longer than the client's timeout in tests.
SLOW_SECONDS = 1.5


@dataclass
class Received:
    id: str
    channel: str
    to: str
    template_id: str
    personalisation: dict[str, str]
    reference: str | None
    status: str = "sending"


@dataclass
class FakeNotify:
    server: HTTPServer = field(default_factory=lambda: HTTPServer(host="127.0.0.1", threaded=True))
    messages: list[Received] = field(default_factory=list)
    requests: int = 0
    down: bool = False
    delivery_status: str = "delivered"
    _failures: list[int] = field(default_factory=list)
    _slow: int = 0
    _lock: threading.Lock = field(default_factory=threading.Lock)

    # Control ---------------------------------------------------------------------------------

    def start(self) -> FakeNotify:
        # One line per request on stderr would cost more than the fake's own work.
        logging.getLogger("werkzeug").setLevel(logging.WARNING)
        self.server.expect_request("/v2/notifications/email", method="POST").respond_with_handler(
            lambda request: self._send(request, "email")
        )
        self.server.expect_request("/v2/notifications/sms", method="POST").respond_with_handler(
            lambda request: self._send(request, "sms")
        )
        self.server.expect_request("/v2/notifications", method="GET").respond_with_handler(
            self._list
        )
        self.server.expect_request(ONE_NOTIFICATION, method="GET").respond_with_handler(self._one)
        self.server.expect_request("/_fake/summary", method="GET").respond_with_handler(
            self._summary
        )
        self.server.start()
        return self

    def stop(self) -> None:
        if self.server.is_running():
            self.server.stop()

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server.port}"

    def config(self) -> dict[str, Any]:
        """Application settings that send through this fake."""
        return {
            "MAIL_PROVIDER": "notify",
            "NOTIFY_API_KEY": API_KEY,
            "NOTIFY_BASE_URL": self.url,
            "NOTIFY_TEMPLATE_IDS": dict(TEMPLATE_IDS),
            "NOTIFY_TIMEOUT": SLOW_SECONDS / 3,
        }

    def fail_next(self, status: int, times: int = 1) -> None:
        with self._lock:
            self._failures.extend([status] * times)

    def slow_next(self, times: int = 1) -> None:
        """Accept the next ``times`` messages, then answer too late."""
        with self._lock:
            self._slow += times

    def reset(self) -> None:
        with self._lock:
            self.messages.clear()
            self._failures.clear()
            self._slow = 0
            self.requests = 0
            self.down = False

    # What arrived ----------------------------------------------------------------------------

    def messages_to(self, address: str) -> list[Received]:
        return [message for message in self.messages if message.to == address]

    def duplicates(self) -> dict[str, int]:
        """References received more than once."""
        counts = Counter(message.reference for message in self.messages)
        return {reference: n for reference, n in counts.items() if n > 1}

    # Handlers --------------------------------------------------------------------------------

    def _refusal(self, request: Request) -> Response | None:
        with self._lock:
            self.requests += 1
            failure = self._failures.pop(0) if self._failures else None
        if self.down:
            return _error(503, "ServiceUnavailable", "Notify is down for maintenance")
        if not _signed(request):
            return _error(403, "AuthError", "Invalid token: API key not found")
        if failure is not None:
            return _error(failure, "Error", f"Fake failure {failure}")
        return None

    def _send(self, request: Request, channel: str) -> Response:
        refused = self._refusal(request)
        if refused is not None:
            return refused
        body = json.loads(request.get_data(as_text=True))
        to = body.get("email_address") if channel == "email" else body.get("phone_number")
        if not to or (channel == "email" and "@" not in to):
            return _error(400, "ValidationError", "email_address Not a valid email address")
        if body.get("template_id") not in TEMPLATE_IDS.values():
            return _error(400, "BadRequestError", "Template not found")
        received = Received(
            str(uuid.uuid4()),
            channel,
            to,
            body["template_id"],
            body.get("personalisation") or {},
            body.get("reference"),
        )
        with self._lock:
            self.messages.append(received)
            slow = self._slow > 0
            self._slow -= 1 if slow else 0
        if slow:
            time.sleep(SLOW_SECONDS)
        answer = {"id": received.id, "reference": received.reference, "content": {}}
        return Response(json.dumps(answer), status=201, content_type="application/json")

    def _list(self, request: Request) -> Response:
        refused = self._refusal(request)
        if refused is not None:
            return refused
        reference = request.args.get("reference")
        found = [m for m in self.messages if reference is None or m.reference == reference]
        body = {
            "notifications": [_notification(m, self.delivery_status) for m in found],
            "links": {},
        }
        return Response(json.dumps(body), content_type="application/json")

    def _summary(self, request: Request) -> Response:
        """What arrived, for a benchmark running this fake in another process."""
        body = {
            "messages": len(self.messages),
            "requests": self.requests,
            "duplicates": len(self.duplicates()),
        }
        return Response(json.dumps(body), content_type="application/json")

    def _one(self, request: Request) -> Response:
        refused = self._refusal(request)
        if refused is not None:
            return refused
        wanted = request.path.rsplit("/", 1)[-1]
        for message in self.messages:
            if message.id == wanted:
                body = _notification(message, self.delivery_status)
                return Response(json.dumps(body), content_type="application/json")
        return _error(404, "NoResultFound", "No result found")


def _notification(message: Received, status: str) -> dict[str, Any]:
    return {
        "id": message.id,
        "reference": message.reference,
        "type": message.channel,
        "status": status,
        "template": {"id": message.template_id},
    }


def _signed(request: Request) -> bool:
    header = request.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return False
    try:
        claims = jwt.decode(header[len("Bearer ") :], SECRET, algorithms=["HS256"])
    except jwt.PyJWTError:
        return False
    return claims.get("iss") == SERVICE_ID


def _error(status: int, kind: str, message: str) -> Response:
    body = {"status_code": status, "errors": [{"error": kind, "message": message}]}
    return Response(json.dumps(body), status=status, content_type="application/json")


def serve(port: int) -> None:
    """Run the fake on ``port`` until killed (a benchmark's separate process, so that the fake
    does not share the senders' interpreter, as the real Notify would not)."""
    fake = FakeNotify(server=HTTPServer(host="127.0.0.1", port=port, threaded=True)).start()
    try:
        while True:
            time.sleep(1)
    finally:
        fake.stop()


if __name__ == "__main__":
    import sys

    serve(int(sys.argv[1]))
