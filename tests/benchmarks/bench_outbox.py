"""Benchmark: 5,000 invitations queued and sent through a fake GOV.UK Notify.

    .venv/bin/python tests/benchmarks/bench_outbox.py
    .venv/bin/python tests/benchmarks/bench_outbox.py --invitations 5000 --senders 2 \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

A fresh database (a temporary SQLite file, or the given URL, which is emptied first) is migrated
and given the repository's questionnaires, one fictional trust and an open cycle. Then, as the
pages do it, ``--invitations`` invitations are queued: by default from one CSV address list for
an anonymous link (read and checked, then each person given their own single-use link, in one
transaction); with ``--kind board``, to board members invited one at a time (committed every
500). Then ``--senders`` senders
(threads, each as ``flask outbox send`` runs) deliver the outbox to the fake Notify server of
``tests/fakes/notify.py``, run in its own process as the real service would be, over real HTTP
with the official client, signed requests and all.

It prints the time to queue, the time to send, messages a second, what the fake received and
how many references it received more than once. Target: sending under 60 s with no duplicate and
nothing left unsent; printed PASS or OVER (the exit code is 1 when a message was lost or doubled).
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

import requests  # noqa: E402
from flask_migrate import upgrade  # noqa: E402

from tests import database as testing  # noqa: E402
from tests.fakes.notify import FakeNotify  # noqa: E402
from valuedcare import create_app  # noqa: E402
from valuedcare.address_lists import read_address_list  # noqa: E402
from valuedcare.config import TestConfig  # noqa: E402
from valuedcare.data import address_lists, invitations, outbox  # noqa: E402
from valuedcare.data.scope import Scope  # noqa: E402
from valuedcare.extensions import db  # noqa: E402
from valuedcare.mail.outbox import send_due  # noqa: E402
from valuedcare.mail.providers import provider_from_config  # noqa: E402
from valuedcare.models import Assessment, Cycle, Organisation  # noqa: E402

TARGET_SECONDS = 60.0
COMMIT_EVERY = 500
WAIT_TRIES = 100
PLATFORM = Scope(user_id=None, role="platform_admin", organisation_id=None)


def seed(count: int, kind: str) -> None:
    from datetime import date

    organisation = Organisation(
        name="Fictional Benchmark Trust (demo data)",
        code="BENCH1",
        region="London",
        peer_group="Mental health and learning disability trust",
        is_demo=True,
    )
    cycle = Cycle(label="2026/27", opens_on=date(2026, 4, 1), closes_on=date(2027, 3, 31))
    cycle.status = "open"
    db.session.add_all([organisation, cycle])
    db.session.flush()
    assessment = Assessment(organisation_id=organisation.id, cycle_id=cycle.id)
    db.session.add(assessment)
    db.session.flush()
    if kind == "list":
        link, _ = invitations.create_anonymous_link(
            PLATFORM, assessment.id, lens="experts_by_experience", label="Benchmark list"
        ) or (None, None)
        assert link is not None
        content = "email\n" + "".join(f"person{n}@bench.example.org\n" for n in range(count))
        checked = read_address_list(content.encode("utf-8"))
        assert checked.ok, checked.problems[:3]
        address_lists.add_addresses(
            PLATFORM,
            link.id,
            checked.contacts,
            lambda token: f"https://bench.example.org/r/{token}",
            date.today(),
        )
        db.session.commit()
        return
    for n in range(count):
        invitation, _ = invitations.invite_board_member(
            PLATFORM, assessment.id, name=f"Member {n}", email=f"member{n}@bench.example.org"
        )
        invitations.email_board_invitation(
            PLATFORM, invitation.id, lambda token: f"https://bench.example.org/r/{token}"
        )
        if n % COMMIT_EVERY == COMMIT_EVERY - 1:
            db.session.commit()
    db.session.commit()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _wait_for(url: str) -> None:
    for _ in range(WAIT_TRIES):
        try:
            requests.get(f"{url}/_fake/summary", timeout=1)
        except requests.ConnectionError:
            time.sleep(0.1)
        else:
            return
    raise SystemExit("The fake Notify server did not start")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--invitations", type=int, default=5000)
    parser.add_argument("--senders", type=int, default=2)
    parser.add_argument(
        "--kind",
        choices=("list", "board"),
        default="list",
        help="Queue the invitations from one anonymous address list (the default) or to board "
        "members one at a time.",
    )
    parser.add_argument("--database-url", default=None)
    parser.add_argument("--profile", action="store_true", help="Profile each sender.")
    options = parser.parse_args()

    scratch = tempfile.TemporaryDirectory()
    url = options.database_url or f"sqlite:///{scratch.name}/bench-outbox.db"
    fake = FakeNotify()  # its settings; the server itself runs in its own process
    port = _free_port()
    server = subprocess.Popen([sys.executable, "-m", "tests.fakes.notify", str(port)], cwd=ROOT)
    fake_url = f"http://127.0.0.1:{port}"
    _wait_for(fake_url)
    app = create_app(TestConfig(url))
    app.config.update({**fake.config(), "NOTIFY_BASE_URL": fake_url})
    with app.app_context():
        upgrade()
        testing.empty_database()
        testing.load_repository_questionnaires()
        started = time.perf_counter()
        seed(options.invitations, options.kind)
        queued_in = time.perf_counter() - started
        queued = outbox.counts_by_status().get(outbox.QUEUED, 0)

    tallies: list = []
    errors: list[BaseException] = []

    def sender() -> None:
        try:
            with app.app_context(), cProfile.Profile() as profile:
                tallies.append(send_due(provider_from_config(app.config)))
            if options.profile:
                pstats.Stats(profile).sort_stats("tottime").print_stats(30)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=sender) for _ in range(options.senders)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    sent_in = time.perf_counter() - started
    with app.app_context():
        left = outbox.counts_by_status()
        testing.empty_database()
    summary = requests.get(f"{fake_url}/_fake/summary", timeout=10).json()
    server.terminate()
    server.wait(timeout=10)
    scratch.cleanup()

    sent = sum(t.sent for t in tallies)
    duplicates = summary["duplicates"]
    print(f"Database: {url.split('://', 1)[0]}; senders: {options.senders}")
    how = (
        "from one address list (read, checked and saved)"
        if options.kind == "list"
        else ("to board members, one at a time")
    )
    print(f"Queued {queued:,} invitations {how} in {queued_in:.1f} s")
    print(f"Sent {sent:,} in {sent_in:.1f} s ({sent / sent_in:,.0f} a second)")
    print(
        f"The fake Notify (its own process) received {summary['messages']:,} messages in "
        f"{summary['requests']:,} requests"
    )
    print(f"References received more than once: {duplicates}")
    print(f"Left in the outbox: { {k: v for k, v in left.items() if k != outbox.SENT} or 'none' }")
    verdict = "PASS" if sent_in < TARGET_SECONDS else "OVER"
    print(f"Target: {options.invitations:,} sent in under {TARGET_SECONDS:.0f} s: {verdict}")
    if errors:
        print(f"A sender failed: {errors[0]!r}")
    lost_or_doubled = duplicates or summary["messages"] != queued or sent != queued or bool(errors)
    return 1 if lost_or_doubled else 0


if __name__ == "__main__":
    sys.exit(main())
