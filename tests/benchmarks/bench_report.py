"""Benchmark the trust report page and the rebuild of every stored score, at demo scale.

    .venv/bin/python tests/benchmarks/bench_report.py [--trusts 60] [--cycles 5]
        [--respondents 150] [--seed 2026] [--repeat 20] [--fresh]

The demo data (``valuedcare.data.demo``) is seeded once into a SQLite file under
``tests/benchmarks/out/`` named after the parameters, and reused by later runs (``--fresh``
seeds it again). The script prints:

- the report page (``GET /reports/assessments/<id>`` for the first demo trust's latest
  assessment, through the full request pipeline of the test client, signed in as a platform
  administrator): first (cold) time and the median, minimum and maximum of ``--repeat`` warm
  requests;
- the radar JSON spec and the PDF board paper, warm medians;
- the time to rebuild all scores (``rebuild_all_scores`` then commit), and how many rows.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[2]
OUT = Path(__file__).resolve().parent / "out"
sys.path.insert(0, str(ROOT))


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--trusts", type=int, default=60)
    parser.add_argument("--cycles", type=int, default=5)
    parser.add_argument("--respondents", type=int, default=150)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=20, help="warm requests to time")
    parser.add_argument("--fresh", action="store_true", help="seed the database again")
    return parser.parse_args()


def _database(arguments: argparse.Namespace) -> Path:
    name = f"demo-{arguments.trusts}x{arguments.cycles}x{arguments.respondents}"
    return OUT / f"{name}-seed{arguments.seed}.sqlite"


def _app(path: Path) -> Any:
    from valuedcare import create_app
    from valuedcare.config import TestConfig

    return create_app(TestConfig(f"sqlite:///{path}"))


def _seed(app: Any, arguments: argparse.Namespace) -> None:
    from flask_migrate import upgrade

    from tests import database as testing
    from valuedcare.data import demo
    from valuedcare.demo import DemoParameters
    from valuedcare.extensions import db

    parameters = DemoParameters(
        trusts=arguments.trusts,
        cycles=arguments.cycles,
        respondents=arguments.respondents,
        seed=arguments.seed,
    )
    with app.app_context():
        upgrade()
        testing.load_repository_questionnaires()
        started = time.perf_counter()
        summary = demo.seed_demo(parameters, as_of=date.today())
        db.session.commit()
        print(
            f"Seeded {summary.organisations} trusts, {summary.cycles} cycles, "
            f"{summary.responses:,} responses, {summary.answers:,} answers "
            f"in {time.perf_counter() - started:.1f} s"
        )


class _BenchUser:
    """A signed-in platform administrator for the benchmark's requests only."""

    is_authenticated = True
    is_active = True
    is_anonymous = False
    role = "platform_admin"
    organisation_id = None
    id = 0
    email = "benchmark@example.invalid"
    name = "Benchmark"
    display_name = "Benchmark (platform administrator)"

    def get_id(self) -> str:
        return "0"


def _sign_in_every_request(app: Any) -> None:
    from flask import g

    @app.before_request
    def _as_platform_admin() -> None:
        g._login_user = _BenchUser()


def _latest_assessment(app: Any) -> tuple[int, str]:
    from valuedcare.data.reports import list_assessment_infos
    from valuedcare.data.scope import Scope

    with app.app_context():
        infos = list_assessment_infos(Scope(None, "platform_admin", None))
        first = min(info.organisation_code for info in infos)
        info = next(info for info in infos if info.organisation_code == first)
        return info.assessment_id, f"{info.organisation_code} {info.cycle_label}"


def _time(client: Any, url: str, repeat: int) -> tuple[float, list[float]]:
    def once() -> float:
        started = time.perf_counter()
        response = client.get(url)
        elapsed = time.perf_counter() - started
        if response.status_code != 200:
            raise SystemExit(f"{url} answered {response.status_code}")
        return elapsed

    cold = once()
    return cold, [once() for _ in range(repeat)]


def _report(label: str, cold: float | None, warm: list[float]) -> None:
    median = statistics.median(warm) * 1000
    text = f"{label}: warm median {median:.0f} ms (min {min(warm) * 1000:.0f}, "
    text += f"max {max(warm) * 1000:.0f}, n={len(warm)})"
    if cold is not None:
        text += f"; first request {cold * 1000:.0f} ms"
    print(text)


def _rebuild(app: Any) -> None:
    from valuedcare.data.scores import rebuild_all_scores
    from valuedcare.extensions import db

    with app.app_context():
        started = time.perf_counter()
        written = rebuild_all_scores()
        db.session.commit()
        elapsed = time.perf_counter() - started
    print(f"Rebuild all scores: {elapsed:.1f} s for {written:,} ingredient scores")


def main() -> None:
    arguments = _arguments()
    path = _database(arguments)
    OUT.mkdir(parents=True, exist_ok=True)
    if arguments.fresh and path.exists():
        path.unlink()
    app = _app(path)
    if not path.exists() or path.stat().st_size == 0:
        _seed(app, arguments)
    else:
        print(f"Reusing {path.relative_to(ROOT)}")
    _sign_in_every_request(app)
    assessment_id, label = _latest_assessment(app)
    client = app.test_client()
    base = f"/reports/assessments/{assessment_id}"
    print(f"Report of {label} (assessment {assessment_id})")
    _report("Report page", *_time(client, base, arguments.repeat))
    _report("Radar spec (JSON)", *_time(client, f"{base}/radar.json", arguments.repeat))
    _report(
        "Board paper (PDF)",
        *_time(client, f"{base}/board-paper.pdf", max(3, arguments.repeat // 4)),
    )
    _rebuild(app)


if __name__ == "__main__":
    main()
