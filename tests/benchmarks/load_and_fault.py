"""Load and fault test: respondents answer through gunicorn while a worker dies and PostgreSQL
restarts; afterwards no answer may be lost or duplicated and every stored score must match a
rebuild.

    .venv/bin/python tests/benchmarks/load_and_fault.py    # 200 respondents, 20 at once
    .venv/bin/python tests/benchmarks/load_and_fault.py --respondents 400 --concurrency 30
    .venv/bin/python tests/benchmarks/load_and_fault.py --cluster temporary   # a private cluster

What it does:

1. creates a scratch database on the PostgreSQL cluster on 127.0.0.1:5432 (user ``postgres``,
   trust authentication), or with ``--cluster temporary`` on a throwaway cluster of its own;
   migrates it and loads the questionnaires with the ``flask`` command line, as a deployment does;
2. seeds one fictional trust, an open cycle, its assessment and two anonymous links (experts by
   experience and partners);
3. starts gunicorn with ``valuedcare/gunicorn_conf.py`` and two workers;
4. runs the respondents, each in its own cookie session from its own loopback address: open the
   link, start, fill in every section (fields and CSRF tokens scraped from the pages, random
   answers), check and send. A request that fails (connection reset, 503 while the database is
   away, other 5xx, rate limit) is retried with the same form data, as a person pressing the
   button again would;
5. meanwhile SIGKILLs one gunicorn worker and restarts PostgreSQL once;
5a. then the venue: 30 more respondents (``--venue``) answer all at once from one address, as at
   a community venue's wifi, with rate limits on as in production; none may be refused (429);
6. checks in the database that every answer a respondent saved is stored once with its value,
   that every respondent's response is submitted, that no response was stored twice, and that
   the stored ingredient scores equal a full rebuild.

It prints requests per second, median and 95th-percentile latency, the error counts (503 "the
service is unavailable for a moment" apart from HTTP 500) and the lost and duplicated counts, and
exits with status 1 when anything was lost, duplicated, unsubmitted or wrongly scored, when a
venue respondent was refused with 429, or when any request answered HTTP 500: while PostgreSQL
restarts the service must answer 503, never 500. To show that these checks can fail, it then
deletes one stored answer and stores one response twice inside a transaction that is rolled
back, and requires the same checks to find both.

``--cluster main`` restarts the machine's cluster with ``pg_ctlcluster`` and so needs root (and
briefly cuts off everyone else using it); ``--cluster temporary`` needs only PostgreSQL's server
binaries (Debian's ``postgresql`` package) and runs as any user. The script uses nothing beyond the
project's own dependencies (requests, psycopg, gunicorn).
"""

from __future__ import annotations

import argparse
import os
import random
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import psycopg
import requests
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parents[2]
# Seed and verify with this checkout's code, as the server runs it (not an installed copy).
sys.path.insert(0, str(ROOT))
# This checkout's virtual environment, or else the one running this script (a second working
# tree of the repository shares the first one's).
BIN = ROOT / ".venv" / "bin" if (ROOT / ".venv").is_dir() else Path(sys.executable).parent
LENSES = ("experts_by_experience", "partner")
MAX_ATTEMPTS = 12
#: The one address every respondent of the venue phase comes from.
VENUE_ADDRESS = "127.0.200.1"
REQUEST_TIMEOUT = 20


# ---------------------------------------------------------------------------------- PostgreSQL


class MainCluster:
    """The machine's cluster on 127.0.0.1:5432, restarted with ``pg_ctlcluster``."""

    port = 5432

    def __init__(self) -> None:
        lines = subprocess.run(
            ["pg_lsclusters", "--no-header"], capture_output=True, text=True, check=True
        ).stdout.splitlines()
        found = [line.split() for line in lines if line.split()[1:3] == ["main", "5432"]]
        if not found:
            raise SystemExit("No PostgreSQL cluster 'main' on port 5432 (see pg_lsclusters).")
        self.version = found[0][0]

    def restart(self) -> None:
        subprocess.run(["pg_ctlcluster", self.version, "main", "restart"], check=True)

    def close(self) -> None:
        pass


class TemporaryCluster:
    """A throwaway cluster in a temporary folder, on a free port: restarting it disturbs no one."""

    def __init__(self) -> None:
        version = sorted(p.name for p in Path("/usr/lib/postgresql").iterdir())[-1]
        self.bin = Path("/usr/lib/postgresql") / version / "bin"
        self.folder = Path(tempfile.mkdtemp(prefix="valuedcare-pg-"))
        self.as_root = os.geteuid() == 0  # initdb refuses root: run it as postgres then
        if self.as_root:
            shutil.chown(self.folder, "postgres", "postgres")
        self.data = self.folder / "data"
        self.port = _free_port()
        initdb = [str(self.bin / "initdb"), "-D", str(self.data), "-A", "trust", "-U", "postgres"]
        self._as_postgres(*initdb, "--no-sync")
        self._pg_ctl("start")

    def _as_postgres(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if self.as_root else []
        subprocess.run([*prefix, *command], check=True, stdout=subprocess.DEVNULL)

    def _pg_ctl(self, action: str) -> None:
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1 -c fsync=off"
        self._as_postgres(
            str(self.bin / "pg_ctl"),
            "-D",
            str(self.data),
            "-o",
            options,
            "-l",
            str(self.folder / "log"),
            "-m",
            "fast",
            "-w",
            action,
        )

    def restart(self) -> None:
        self._pg_ctl("restart")

    def close(self) -> None:
        self._pg_ctl("stop")
        shutil.rmtree(self.folder, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def scratch_database(cluster: Any) -> Iterator[str]:
    """A new, empty database, dropped afterwards; yields its SQLAlchemy URL."""
    name = f"valuedcare_load_{os.getpid()}"
    admin = f"host=127.0.0.1 port={cluster.port} user=postgres dbname=postgres"
    with psycopg.connect(admin, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{cluster.port}/{name}"
    finally:
        with psycopg.connect(admin, autocommit=True) as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


# ---------------------------------------------------------------------------- the application


def server_environment(database_url: str, port: int) -> dict[str, str]:
    # Development settings: production marks cookies Secure, which a client on plain HTTP never
    # sends back. Everything else (gunicorn, PostgreSQL, CSRF, rate limits) is as in production.
    return {
        **os.environ,
        "PYTHONPATH": str(ROOT),  # this checkout's code, whichever one the environment installed
        "VALUEDCARE_ENV": "development",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "BIND": f"127.0.0.1:{port}",
        "WEB_CONCURRENCY": "2",
        "LOG_LEVEL": "warning",
    }


def flask(environment: dict[str, str], *args: str) -> None:
    subprocess.run(
        [str(BIN / "flask"), "--app", "wsgi", *args],
        cwd=ROOT,
        env=environment,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def make_app(environment: dict[str, str]) -> Any:
    os.environ.update(
        {key: environment[key] for key in ("VALUEDCARE_ENV", "DATABASE_URL", "SECRET_KEY")}
    )
    from valuedcare import create_app

    return create_app()


def seed(app: Any) -> dict[str, tuple[int, str]]:
    """One fictional trust, an open cycle and its assessment; {lens: (invitation id, token)}."""
    from datetime import date

    from valuedcare.data import invitations
    from valuedcare.data.scope import Scope
    from valuedcare.extensions import db
    from valuedcare.models import Assessment, Cycle, Organisation

    with app.app_context():
        organisation = Organisation(
            code="LOAD1",
            name="Loadtest Valley NHS Foundation Trust (fictional)",
            region="London",
            peer_group="Mental health trust",
            is_demo=True,
        )
        cycle = Cycle(label="2026/27", opens_on=date(2026, 4, 1), closes_on=date(2027, 3, 31))
        db.session.add_all([organisation, cycle])
        db.session.flush()
        assessment = Assessment(organisation_id=organisation.id, cycle_id=cycle.id)
        db.session.add(assessment)
        db.session.flush()
        scope = Scope(user_id=None, role="platform_admin", organisation_id=None)
        links = {}
        for lens in LENSES:
            found = invitations.create_anonymous_link(
                scope, assessment.id, lens=lens, label=f"Load test {lens}"
            )
            assert found is not None
            links[lens] = (found[0].id, found[1])
        db.session.commit()
        return links


class Server:
    """gunicorn with two workers, its standard error kept in a file."""

    def __init__(self, environment: dict[str, str], port: int, log_path: Path) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.log = log_path.open("wb")
        self.process = subprocess.Popen(
            [str(BIN / "gunicorn"), "--config", "valuedcare/gunicorn_conf.py", "wsgi:app"],
            cwd=ROOT,
            env=environment,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def wait_until_ready(self, seconds: float = 60) -> None:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/readyz", timeout=2).status_code == 200:
                    return
            except requests.RequestException:
                pass
            if self.process.poll() is not None:
                raise SystemExit(f"gunicorn exited with status {self.process.returncode}")
            time.sleep(0.2)
        raise SystemExit("gunicorn did not become ready within a minute")

    def workers(self) -> list[int]:
        pid = self.process.pid
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
        return [int(child) for child in children]

    def stop(self) -> None:
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
        self.log.close()


# ------------------------------------------------------------------------------ HTML scraping


@dataclass
class Form:
    action: str
    fields: dict[str, list[str]] = field(default_factory=dict)  # hidden and text: fixed values
    radios: dict[str, list[str]] = field(default_factory=dict)
    checkboxes: dict[str, list[str]] = field(default_factory=dict)
    textareas: list[str] = field(default_factory=list)
    buttons: list[tuple[str, str]] = field(default_factory=list)


class PageParser(HTMLParser):
    """The forms and links of a page: enough to fill in and post any of our forms."""

    def __init__(self) -> None:
        super().__init__()
        self.forms: list[Form] = []
        self.links: list[str] = []
        self._form: Form | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "a" and a.get("href"):
            self.links.append(a["href"])
        elif tag == "form":
            self._form = Form(action=a.get("action", ""))
            self.forms.append(self._form)
        elif self._form is not None and a.get("name"):
            self._field(tag, a)

    def _field(self, tag: str, a: dict[str, str]) -> None:
        form, name = self._form, a["name"]
        assert form is not None
        kind = a.get("type", "text").lower()
        if tag == "textarea":
            form.textareas.append(name)
        elif tag == "button" or kind == "submit":
            form.buttons.append((name, a.get("value", "")))
        elif kind == "radio":
            form.radios.setdefault(name, []).append(a.get("value", ""))
        elif kind == "checkbox":
            form.checkboxes.setdefault(name, []).append(a.get("value", ""))
        elif tag == "input":
            form.fields.setdefault(name, []).append(a.get("value", ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


def parse_page(html: str) -> PageParser:
    parser = PageParser()
    parser.feed(html)
    return parser


def form_posting_to(page: PageParser, path_end: str) -> Form | None:
    return next((f for f in page.forms if urlsplit(f.action).path.endswith(path_end)), None)


def fill_in(form: Form, rng: random.Random, number: int) -> tuple[dict[str, Any], dict[str, Any]]:
    """(the form data to post, the answers it gives {field name: value}) with random answers."""
    data: dict[str, Any] = {name: values[-1] for name, values in form.fields.items()}
    answers: dict[str, Any] = {}
    for name, values in form.radios.items():
        answers[name] = rng.choice(values)
    for name, values in form.checkboxes.items():
        answers[name] = sorted(rng.sample(values, rng.randint(1, min(2, len(values)))))
    for name in form.textareas:
        answers[name] = f"Respondent {number}: {rng.choice(['more peer support', 'shorter waits'])}"
    data.update(answers)
    action = [(n, v) for n, v in form.buttons if n == "action" and v != "later"]
    if action:
        data[action[0][0]] = action[0][1]
    return data, answers


# ------------------------------------------------------------------------------------ figures


@dataclass
class Figures:
    latencies: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    requests: int = 0
    retries: int = 0
    failed_posts: int = 0  # form posts (start, save, send) that failed and were sent again
    lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def unavailable(self) -> int:
        """Answers "503 Service Unavailable" (the database was away; retried)."""
        return self.errors["HTTP 503"]

    @property
    def server_errors(self) -> int:
        """Answers "500 Internal Server Error": never acceptable."""
        return self.errors["HTTP 500"]

    def record(self, seconds: float, outcome: str | None, *, method: str = "GET") -> None:
        with self.lock:
            self.requests += 1
            self.retries += outcome is not None
            self.failed_posts += outcome is not None and method == "POST"
            if outcome is None:
                self.latencies.append(seconds)
            else:
                self.errors[outcome] += 1


class GaveUp(RuntimeError):
    """A request still failed after every retry."""


class SourceAddressAdapter(HTTPAdapter):
    """Connections from one loopback address, so each respondent has its own client address."""

    def __init__(self, address: str) -> None:
        self.address = address
        super().__init__(max_retries=0)

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["source_address"] = (self.address, 0)
        super().init_poolmanager(*args, **kwargs)


# -------------------------------------------------------------------------------- respondents


@dataclass
class Outcome:
    number: int
    lens: str
    invitation_id: int
    response_id: int | None = None
    answers: dict[str, Any] = field(default_factory=dict)  # field name: value, as saved
    submitted: bool = False
    error: str | None = None


class Respondent:
    """One person answering a whole questionnaire through an anonymous link."""

    def __init__(
        self, outcome: Outcome, token: str, server: str, context: Any, address: str | None = None
    ) -> None:
        self.outcome = outcome
        self.base = f"{server}/r/{token}"
        self.figures, self.read_session = context
        self.rng = random.Random(outcome.number)
        self.http = requests.Session()
        address = address or f"127.0.{outcome.number // 250 + 1}.{outcome.number % 250 + 1}"
        self.http.mount("http://", SourceAddressAdapter(address))

    def run(self) -> Outcome:
        try:
            tasks = self._start()
            check = self._answer_sections(self._first_section(tasks))
            self._submit(check)
        except GaveUp as error:
            self.outcome.error = str(error)
        finally:
            self.http.close()
        return self.outcome

    # Requests, each retried until it gets an answer that is not a server error.

    def _request(self, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
        for attempt in range(MAX_ATTEMPTS):
            started = time.perf_counter()
            try:
                reply = self.http.request(
                    method, url, data=data, timeout=REQUEST_TIMEOUT, allow_redirects=False
                )
                problem = None
                if reply.status_code >= 500 or reply.status_code == 429:
                    problem = f"HTTP {reply.status_code}"
            except requests.RequestException as error:
                problem = type(error).__name__
            self.figures.record(time.perf_counter() - started, problem, method=method)
            if problem is None:
                return reply
            time.sleep(min(2.0, 0.1 * 2**attempt) * (0.5 + self.rng.random()))
        raise GaveUp(f"{method} {urlsplit(url).path.split('/')[-1]} failed {MAX_ATTEMPTS} times")

    def _go(self, method: str, url: str, data: dict[str, Any] | None = None) -> Any:
        """Send, then follow redirects one request at a time; the final page."""
        reply = self._request(method, url, data)
        while reply.is_redirect:
            reply = self._request("GET", urljoin(reply.url, reply.headers["Location"]))
        if reply.status_code != 200:
            raise GaveUp(f"{method} {urlsplit(reply.url).path} answered {reply.status_code}")
        return reply

    # The journey.

    def _start(self) -> Any:
        start = parse_page(self._go("GET", self.base).text)
        form = form_posting_to(start, "/start")
        if form is None:
            raise GaveUp("the start page has no start form")
        data = {name: values[-1] for name, values in form.fields.items()}
        tasks = self._go("POST", urljoin(self.base, form.action), data)
        self._remember_response()
        return tasks

    def _remember_response(self) -> None:
        state = self.read_session(self.http.cookies.get("session"))
        entry = (state.get("survey") or {}).get(str(self.outcome.invitation_id)) or {}
        self.outcome.response_id = entry.get("r")

    def _first_section(self, tasks: Any) -> Any:
        links = [link for link in parse_page(tasks.text).links if "/sections/" in link]
        if not links:
            raise GaveUp("the task list links to no section")
        return self._go("GET", urljoin(tasks.url, links[0]))

    def _answer_sections(self, page: Any) -> Any:
        """Answer the section on ``page`` and each one after it; the "check answers" page."""
        for _ in range(60):
            if urlsplit(page.url).path.endswith("/check"):
                return page
            page = self._save_section(page)
        raise GaveUp("the questionnaire never reached the check page")

    def _save_section(self, page: Any) -> Any:
        answers: dict[str, Any] | None = None
        for _ in range(4):  # a page shown again (validation or a conflict) is posted again
            form = next((f for f in parse_page(page.text).forms if "/sections/" in f.action), None)
            if form is None:
                raise GaveUp(f"{urlsplit(page.url).path} has no answer form")
            data, given = fill_in(form, self.rng, self.outcome.number)
            if answers is None:
                answers = given
            else:  # the same answers again, with the page's new revision and CSRF token
                data.update({name: value for name, value in answers.items() if name in given})
            reply = self._request("POST", urljoin(page.url, form.action), data)
            if reply.is_redirect:
                self.outcome.answers.update({k: v for k, v in data.items() if k in given})
                return self._go("GET", urljoin(reply.url, reply.headers["Location"]))
            page = reply
        raise GaveUp(f"{urlsplit(page.url).path} was refused four times")

    def _submit(self, check: Any) -> None:
        for _ in range(3):
            form = form_posting_to(parse_page(check.text), "/submit")
            if form is None:
                raise GaveUp("the check page has no submit form")
            data = {name: values[-1] for name, values in form.fields.items()}
            page = self._go("POST", urljoin(check.url, form.action), data)
            if urlsplit(page.url).path.endswith("/confirmation"):
                self.outcome.submitted = True
                self._remember_response()
                return
            missing = [link for link in parse_page(page.text).links if "/sections/" in link]
            for link in dict.fromkeys(missing):
                self._save_section(self._go("GET", urljoin(page.url, link)))
            check = self._go("GET", f"{self.base}/check")
        raise GaveUp("the answers were never accepted for sending")


# ------------------------------------------------------------------------------------- faults


class Faults(threading.Thread):
    """Kills one gunicorn worker at a quarter of the run and restarts PostgreSQL at a half."""

    def __init__(self, server: Server, cluster: Any, done: Any, total: int) -> None:
        super().__init__(daemon=True)
        self.server, self.cluster, self.done, self.total = server, cluster, done, total
        self.events: list[str] = []
        self.finished = threading.Event()

    def _wait_for(self, fraction: float) -> bool:
        while self.done() < self.total * fraction:
            if self.finished.wait(0.05):
                return False
        return True

    def run(self) -> None:
        if not self._wait_for(0.25):
            return
        victim = random.choice(self.server.workers())
        os.kill(victim, signal.SIGKILL)
        self.events.append(f"killed gunicorn worker {victim} with SIGKILL at {self.done()} done")
        if not self._wait_for(0.5):
            return
        started = time.perf_counter()
        self.cluster.restart()
        self.events.append(
            f"restarted PostgreSQL at {self.done()} done "
            f"({time.perf_counter() - started:.1f} s to restart)"
        )
        deadline = time.monotonic() + 15
        while len(self.server.workers()) < 2 and time.monotonic() < deadline:
            time.sleep(0.1)
        self.events.append(f"gunicorn workers afterwards: {len(self.server.workers())}")


# ------------------------------------------------------------------------------- verification


@dataclass
class Verdict:
    expected: int = 0
    lost: int = 0
    duplicated: int = 0
    unexpected: int = 0
    not_submitted: int = 0
    orphan_drafts: int = 0
    score_rows: int = 0
    score_mismatches: int = 0
    notes: list[str] = field(default_factory=list)
    self_test_passed: bool = True

    @property
    def passed(self) -> bool:
        return self.self_test_passed and not (
            self.lost
            or self.duplicated
            or self.unexpected
            or self.not_submitted
            or self.score_mismatches
        )


def expectations(answers: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Field names and values as saved, grouped by item: value, target and comment."""
    grouped: dict[str, dict[str, Any]] = {}
    for name, value in answers.items():
        item_id, _, part = name.partition("__")
        grouped.setdefault(item_id, {})[part or "value"] = value
    return grouped


def _same(stored: Any, expected: dict[str, Any]) -> bool:
    def plain(value: Any) -> Any:
        return sorted(map(str, value)) if isinstance(value, list) else str(value)

    if "value" in expected and plain(stored.value) != plain(expected["value"]):
        return False
    if "target" in expected:
        target = None if expected["target"] in ("", "none") else int(expected["target"])
        if stored.target != target:
            return False
    return "comment" not in expected or stored.comment == (expected["comment"] or None)


def verify(app: Any, outcomes: list[Outcome]) -> Verdict:
    with app.app_context():
        return _verify_in_session(outcomes)


def _verify_in_session(outcomes: list[Outcome]) -> Verdict:
    from sqlalchemy import func, select

    from valuedcare.extensions import db
    from valuedcare.models import Answer, Response

    verdict = Verdict()
    stored = {r.id: r for r in db.session.scalars(select(Response))}
    claims = Counter(o.response_id for o in outcomes if o.response_id is not None)
    verdict.duplicated += sum(count - 1 for count in claims.values() if count > 1)
    pairs = select(Answer.response_id, Answer.item_id, func.count().label("n")).group_by(
        Answer.response_id, Answer.item_id
    )
    verdict.duplicated += sum(n - 1 for _, _, n in db.session.execute(pairs) if n > 1)
    for outcome in outcomes:
        _check_respondent(verdict, stored.get(outcome.response_id), outcome)
    for response in stored.values():
        if response.id in claims:
            continue
        if response.status == "submitted":
            verdict.duplicated += 1  # a submitted response no respondent is answering
        elif response.answers:
            verdict.unexpected += len(response.answers)
        else:
            verdict.orphan_drafts += 1
    _check_scores(verdict)
    return verdict


def check_the_checks(app: Any, outcomes: list[Outcome]) -> str:
    """Delete one saved answer and store one response twice (rolled back): both must be found."""
    from sqlalchemy import select

    from valuedcare.extensions import db
    from valuedcare.models import Answer, Response

    with app.app_context():
        scored = select(Answer).where(Answer.score.is_not(None)).order_by(Answer.id)
        answer = db.session.scalars(scored).first()
        original = db.session.get(Response, answer.response_id)
        copy = {c.name: getattr(original, c.key) for c in Response.__table__.columns}
        copy.pop("id")
        copy["resume_code_hash"] = None
        db.session.delete(answer)
        db.session.add(Response(**copy))
        db.session.flush()
        sabotaged = _verify_in_session(outcomes)
        db.session.rollback()
    found = sabotaged.lost >= 1 and sabotaged.duplicated >= 1 and sabotaged.score_mismatches >= 1
    return (
        f"{'passed' if found else 'FAILED'}: with one answer deleted and one response stored "
        f"twice it finds lost {sabotaged.lost}, duplicated {sabotaged.duplicated}, "
        f"{sabotaged.score_mismatches} score rows differing"
    )


def _check_respondent(verdict: Verdict, response: Any, outcome: Outcome) -> None:
    from valuedcare.data.responses import questionnaire_of, raw_values, stored_answers

    expected = expectations(outcome.answers)
    if response is None or response.status != "submitted":
        verdict.not_submitted += 1
        verdict.notes.append(f"respondent {outcome.number}: not submitted ({outcome.error})")
        return
    rows = {answer.item_id: answer for answer in response.answers}
    visible = questionnaire_of(response).visible_item_ids(raw_values(stored_answers(response)))
    for item_id, wanted in expected.items():
        if item_id not in visible:
            continue  # hidden by another answer: deleted at submission, as designed
        verdict.expected += 1
        if item_id not in rows or not _same(rows[item_id], wanted):
            verdict.lost += 1
            verdict.notes.append(f"respondent {outcome.number}: {item_id} lost or changed")
    verdict.unexpected += len(set(rows) - set(expected))


def _check_scores(verdict: Verdict) -> None:
    from sqlalchemy import select

    from valuedcare.data.scores import rebuild_all_scores
    from valuedcare.extensions import db
    from valuedcare.models import ResponseScore

    def snapshot() -> Counter:
        columns = [c for c in ResponseScore.__table__.columns]
        rows = db.session.execute(select(*columns)).all()
        return Counter(
            tuple(round(v, 9) if isinstance(v, float) else v for v in row) for row in rows
        )

    before = snapshot()
    rebuild_all_scores()
    db.session.flush()
    after = snapshot()
    db.session.rollback()
    verdict.score_rows = sum(before.values())
    verdict.score_mismatches = sum(((before - after) + (after - before)).values())


# --------------------------------------------------------------------------------------- main


def run_respondents(
    server: Server, cluster: Any, links: dict[str, tuple[int, str]], app: Any, args: Any
) -> tuple[list[Outcome], Figures, list[str], float]:
    figures = Figures()
    serializer = app.session_interface.get_signing_serializer(app)
    context = (figures, lambda cookie: serializer.loads(cookie) if cookie else {})
    finished: list[Outcome] = []
    faults = Faults(server, cluster, lambda: len(finished), args.respondents)

    def respond(number: int) -> Outcome:
        lens = LENSES[number % len(LENSES)]
        invitation_id, token = links[lens]
        outcome = Outcome(number=number, lens=lens, invitation_id=invitation_id)
        result = Respondent(outcome, token, server.base, context).run()
        finished.append(result)
        return result

    started = time.perf_counter()
    if not args.no_faults:
        faults.start()
    with ThreadPoolExecutor(max_workers=args.concurrency) as pool:
        outcomes = list(pool.map(respond, range(args.respondents)))
    elapsed = time.perf_counter() - started
    faults.finished.set()
    if faults.is_alive():
        faults.join(timeout=60)
    return outcomes, figures, faults.events, elapsed


def run_venue(
    server: Server, links: dict[str, tuple[int, str]], app: Any, args: Any
) -> tuple[list[Outcome], Figures, float]:
    """The venue: ``args.venue`` people answer all at once from one address (a community venue's
    wifi), through the experts-by-experience link, with rate limits on as in production. None of
    them may be refused with 429."""
    figures = Figures()
    serializer = app.session_interface.get_signing_serializer(app)
    context = (figures, lambda cookie: serializer.loads(cookie) if cookie else {})
    invitation_id, token = links["experts_by_experience"]

    def respond(number: int) -> Outcome:
        outcome = Outcome(number=number, lens="experts_by_experience", invitation_id=invitation_id)
        return Respondent(outcome, token, server.base, context, address=VENUE_ADDRESS).run()

    numbers = range(args.respondents, args.respondents + args.venue)
    started = time.perf_counter()
    with ThreadPoolExecutor(max_workers=max(args.venue, 1)) as pool:
        outcomes = list(pool.map(respond, numbers))
    return outcomes, figures, time.perf_counter() - started


def report_venue(outcomes: list[Outcome], figures: Figures, elapsed: float) -> None:
    print(f"\n== Venue: {len(outcomes)} respondents at once behind one address ({VENUE_ADDRESS})")
    print(
        f"submitted: {sum(o.submitted for o in outcomes)}, gave up: "
        f"{sum(o.error is not None for o in outcomes)}; requests: {figures.requests} in "
        f"{elapsed:.1f} s from that one address; HTTP 429: {figures.errors['HTTP 429']} (must be 0)"
    )


def venue_passed(outcomes: list[Outcome], figures: Figures) -> bool:
    return figures.errors["HTTP 429"] == 0 and all(o.submitted for o in outcomes)


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def report(
    outcomes: list[Outcome],
    figures: Figures,
    events: list[str],
    elapsed: float,
    verdict: Verdict,
    self_test: str,
) -> None:
    latencies = figures.latencies or [0.0]
    print("\n== Load and fault test")
    for event in events:
        print(f"fault: {event}")
    print(
        f"respondents: {len(outcomes)}, submitted: {sum(o.submitted for o in outcomes)}, "
        f"gave up: {sum(o.error is not None for o in outcomes)}"
    )
    print(
        f"requests: {figures.requests} in {elapsed:.1f} s = {figures.requests / elapsed:.1f}/s; "
        f"retries: {figures.retries}, of which form posts sent again: {figures.failed_posts}"
    )
    print(
        f"latency of answered requests: median {statistics.median(latencies) * 1000:.0f} ms, "
        f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms, "
        f"max {max(latencies) * 1000:.0f} ms"
    )
    errors = ", ".join(f"{kind}: {n}" for kind, n in figures.errors.most_common()) or "none"
    print(f"errors (each retried): {errors}")
    print(
        f"HTTP 503 (unavailable for a moment, retried): {figures.unavailable}; "
        f"HTTP 500: {figures.server_errors} (must be 0)"
    )
    print(
        f"answers expected: {verdict.expected}, lost: {verdict.lost}, "
        f"duplicated: {verdict.duplicated}, unexpected: {verdict.unexpected}"
    )
    print(
        f"responses not submitted: {verdict.not_submitted}; abandoned empty drafts from retried "
        f"starts: {verdict.orphan_drafts}"
    )
    print(
        f"stored scores: {verdict.score_rows} rows, {verdict.score_mismatches} differ from a "
        "rebuild"
    )
    for note in verdict.notes[:20]:
        print(f"  {note}")
    print(f"self-test of these checks {self_test}")
    print("RESULT:", "PASS" if passed(verdict, figures) else "FAIL")


def passed(verdict: Verdict, figures: Figures) -> bool:
    """Nothing lost, duplicated or wrongly scored, and not a single HTTP 500."""
    return verdict.passed and figures.server_errors == 0


@contextmanager
def step(label: str) -> Iterator[None]:
    started = time.perf_counter()
    yield
    print(f"{label}: {time.perf_counter() - started:.1f} s", file=sys.stderr, flush=True)


def summarise_server_log(path: Path) -> str:
    """What the server's structured request log says (one JSON line per request)."""
    requests_logged = unavailable = server_errors = 0
    for line in path.read_text(errors="replace").splitlines():
        if '"event": "request"' in line:
            requests_logged += 1
            unavailable += '"status": 503' in line
            server_errors += '"status": 5' in line and '"status": 503' not in line
    if not requests_logged:
        return f"{path}: no request log lines (valuedcare.request_log is not switched on)"
    return (
        f"{path}: {requests_logged} requests logged, {unavailable} with 503, "
        f"{server_errors} with another 5xx status"
    )


def run(args: argparse.Namespace, cluster: Any) -> int:
    with scratch_database(cluster) as database_url:
        port = _free_port()
        environment = server_environment(database_url, port)
        with step("migrate and load questionnaires"):
            flask(environment, "db", "upgrade")
            flask(environment, "questionnaires", "load")
        with step("seed"):
            app = make_app(environment)
            links = seed(app)
        log_path = Path(tempfile.gettempdir()) / f"valuedcare-load-{os.getpid()}.log"
        server = Server(environment, port, log_path)
        try:
            with step("gunicorn ready"):
                server.wait_until_ready()
            with step("respondents"):
                outcomes, figures, events, elapsed = run_respondents(
                    server, cluster, links, app, args
                )
            with step("venue"):
                venue, venue_figures, venue_elapsed = run_venue(server, links, app, args)
        finally:
            server.stop()
        with step("verification"):
            verdict = verify(app, outcomes + venue)
            self_test = check_the_checks(app, outcomes)
            verdict.self_test_passed = self_test.startswith("passed")
        with app.app_context():
            from valuedcare.extensions import db

            db.engine.dispose()
        report(outcomes, figures, events, elapsed, verdict, self_test)
        report_venue(venue, venue_figures, venue_elapsed)
        print(f"server log {summarise_server_log(log_path)}")
        ok = passed(verdict, figures) and venue_passed(venue, venue_figures)
        print("RESULT (load, faults and venue):", "PASS" if ok else "FAIL")
    return 0 if ok else 1


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--respondents", type=int, default=200)
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument(
        "--cluster",
        choices=["main", "temporary"],
        default="main",
        help="main: the cluster on 127.0.0.1:5432 (pg_ctlcluster); temporary: a private one",
    )
    parser.add_argument("--no-faults", action="store_true", help="load only, for a baseline")
    parser.add_argument(
        "--venue", type=int, default=30, help="respondents at once behind one address, afterwards"
    )
    args = parser.parse_args(argv)
    with step("PostgreSQL cluster"):
        cluster = TemporaryCluster() if args.cluster == "temporary" else MainCluster()
    try:
        return run(args, cluster)
    finally:
        cluster.close()


if __name__ == "__main__":
    sys.exit(main())
