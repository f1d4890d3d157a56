"""Benchmark at realistic scale: seed time, warm page times, peak memory and score rebuild time.

Run from the repository root (both scales by default; the full one takes a few minutes to seed):

    .venv/bin/python tests/benchmarks/bench_scale.py
    .venv/bin/python tests/benchmarks/bench_scale.py --scale tenth
    .venv/bin/python tests/benchmarks/bench_scale.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Scales: "full" is ``flask demo seed --trusts 60 --cycles 5 --respondents 150`` (about 45,000
responses); "tenth" keeps the 60 trusts and 5 cycles with 15 respondents per trust and cycle, a
tenth of the responses and answers, so page times at both scales show whether page cost grows
with the number of answers.

Each scale is seeded once, with the real ``flask db upgrade``, ``flask questionnaires load`` and
``flask demo seed`` commands in a child process (so the seed time includes everything a user
waits for), into a cached SQLite file under ``tests/benchmarks/out/`` or, with
``--database-url`` pointing at PostgreSQL, into a dedicated schema (``valuedcare_bench_<scale>``).
Later runs reuse it; ``--reseed`` starts again.

Then, in this process, signed in as a trust user (a viewer of the first trust) through the Flask
test client: each page is requested once cold (caches empty), a few times to warm up, then
``--repeat`` times; the median and 95th percentile of those warm server times are printed, for
the trust report (``/reports/assessments/<id>``, when that route exists), the benchmark page and
the trend page, the improvement plan (about 20 actions per trust; the report also shows them) and
the teams page for reference. With both scales, each page's full-scale median is compared with
its tenth-scale median (target: at most 1.5 times). Last, ``rebuild_all_scores`` is timed. Peak
memory is the maximum resident set size of this process (and of the seeding child).
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from sqlalchemy import create_engine, func, select, text  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from valuedcare import create_app  # noqa: E402
from valuedcare.config import TestConfig, normalise_database_url  # noqa: E402

OUT = ROOT / "tests" / "benchmarks" / "out"
SCALES = {
    "full": {"trusts": 60, "cycles": 5, "respondents": 150},
    "tenth": {"trusts": 60, "cycles": 5, "respondents": 15},
}
TARGET_MEDIAN_MS = 150
TARGET_P95_MS = 300
#: How much slower a page may be at full scale than at a tenth of the answers.
TARGET_GROWTH = 1.5


@dataclass
class PageTiming:
    path: str
    status: int
    cold_ms: float
    median_ms: float
    p95_ms: float


@dataclass
class ScaleResult:
    scale: str
    backend: str
    seeded: str  # "seeded in N s" or "reused"
    seed_seconds: float | None
    responses: int
    answers: int
    pages: dict[str, PageTiming] = field(default_factory=dict)
    rebuild_seconds: float | None = None
    rebuilt_rows: int | None = None
    peak_rss_mb: float | None = None


# --- databases -----------------------------------------------------------------------------------


def database_url(base: str | None, scale: str) -> str:
    """The SQLite file of ``scale``, or a PostgreSQL URL whose search path is its own schema."""
    if not base:
        OUT.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{OUT / f'scale-{scale}.db'}"
    url = make_url(normalise_database_url(base))
    schema = f"valuedcare_bench_{scale}"
    engine = create_engine(url)
    with engine.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
    engine.dispose()
    return url.update_query_dict({"options": f"-csearch_path={schema}"}).render_as_string(
        hide_password=False
    )


def drop(url: str) -> None:
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        Path(parsed.database).unlink(missing_ok=True)
        return
    schema = parsed.query["options"].split("=", 1)[1]
    engine = create_engine(parsed.set(query={}))
    with engine.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    engine.dispose()


def is_seeded(url: str) -> bool:
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return bool(connection.execute(text("SELECT COUNT(*) FROM responses")).scalar())
    except Exception:
        return False
    finally:
        engine.dispose()


def flask(url: str, *arguments: str) -> subprocess.CompletedProcess:
    """Run ``flask --app wsgi ...`` against ``url``; its progress bar goes to our stderr."""
    environment = {**os.environ, "DATABASE_URL": url, "VALUEDCARE_ENV": "development"}
    command = [sys.executable, "-m", "flask", "--app", "wsgi", *arguments]
    return subprocess.run(
        command, cwd=ROOT, env=environment, check=True, stdout=subprocess.PIPE, text=True
    )


def seed(url: str, scale: str) -> float:
    """Migrate, load the questionnaires and seed ``scale``; returns the seed command's seconds."""
    flask(url, "db", "upgrade")
    flask(url, "questionnaires", "load")
    sizes = SCALES[scale]
    started = time.perf_counter()
    result = flask(
        url,
        "demo",
        "seed",
        "--trusts",
        str(sizes["trusts"]),
        "--cycles",
        str(sizes["cycles"]),
        "--respondents",
        str(sizes["respondents"]),
    )
    seconds = time.perf_counter() - started
    print(f"  {result.stdout.strip()}")
    return seconds


# --- signing in and timing pages -----------------------------------------------------------------


def ensure_user_loader() -> None:
    """Until the sign-in blueprint registers Flask-Login's user loader, register a minimal one
    for this script only, so the test client can sign in. A no-op once the application has one."""
    from flask_login import UserMixin

    from valuedcare.extensions import db, login_manager
    from valuedcare.models import User

    if login_manager._user_callback is not None or login_manager._request_callback is not None:
        return

    class _SignedIn(UserMixin):
        def __init__(self, user: User) -> None:
            self._user = user
            self.id = user.id

        def __getattr__(self, name: str) -> object:
            return getattr(self._user, name)

    @login_manager.user_loader
    def load(user_id: str) -> _SignedIn | None:
        user = db.session.get(User, int(user_id))
        return _SignedIn(user) if user is not None else None


def trust_user(app: Flask) -> tuple[int, int, int, int]:
    """A viewer of the first trust (created once): (user id, organisation id, latest cycle id,
    the assessment id of that organisation in that cycle)."""
    from valuedcare.extensions import db
    from valuedcare.models import Assessment, Cycle, Organisation, User

    with app.app_context():
        organisation = db.session.scalars(select(Organisation).order_by(Organisation.id)).first()
        user = db.session.scalars(select(User).filter_by(email="bench-viewer@example.org")).first()
        if user is None:
            user = User(
                email="bench-viewer@example.org",
                name="Benchmark viewer",
                role="viewer",
                organisation_id=organisation.id,
            )
            db.session.add(user)
            db.session.commit()
        assessment = db.session.scalars(
            select(Assessment)
            .join(Cycle)
            .where(Assessment.organisation_id == organisation.id, Cycle.status == "closed")
            .order_by(Cycle.opens_on.desc())
        ).first()  # the latest closed cycle: a viewer reads its report (an open one is refused)
        return user.id, organisation.id, assessment.cycle_id, assessment.id


def clear_caches() -> None:
    from valuedcare.caching import clear_all

    clear_all()


def time_page(client, path: str, repeat: int, warm_up: int = 3) -> PageTiming:
    clear_caches()
    started = time.perf_counter()
    response = client.get(path)
    cold = (time.perf_counter() - started) * 1000
    for _ in range(warm_up):
        client.get(path)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path).close()
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}: a refusal is not a page time")
    return PageTiming(path, response.status_code, cold, statistics.median(times), p95)


def time_pages(app: Flask, repeat: int) -> dict[str, PageTiming]:
    user_id, organisation_id, cycle_id, assessment_id = trust_user(app)
    client = app.test_client()
    with app.app_context():
        from valuedcare.auth.session import SESSION_KEY
        from valuedcare.data.user_sessions import start_session
        from valuedcare.extensions import db

        key = start_session(user_id)
        db.session.commit()
    with client.session_transaction() as session:
        session["_user_id"] = str(user_id)
        session[SESSION_KEY] = key
        session["_fresh"] = True
    pages = {
        "trust report": f"/reports/assessments/{assessment_id}",
        "benchmark": f"/compare/organisations/{organisation_id}/cycles/{cycle_id}/benchmark",
        "trends": f"/compare/organisations/{organisation_id}/trends",
        "teams": f"/compare/organisations/{organisation_id}/cycles/{cycle_id}/teams",
        "plan": f"/organisations/{organisation_id}/plan",
    }
    routes = {rule.rule for rule in app.url_map.iter_rules()}
    if "/reports/assessments/<int:assessment_id>" not in routes:
        del pages["trust report"]
    if "/organisations/<int:organisation_id>/plan" not in routes:
        del pages["plan"]
    return {name: time_page(client, path, repeat) for name, path in pages.items()}


def counts(app: Flask) -> tuple[int, int]:
    from valuedcare.extensions import db
    from valuedcare.models import Answer, Response

    with app.app_context():
        return (
            db.session.scalar(select(func.count(Response.id))),
            db.session.scalar(select(func.count(Answer.id))),
        )


def time_rebuild(app: Flask) -> tuple[float, int]:
    from valuedcare.data.scores import rebuild_all_scores
    from valuedcare.extensions import db

    with app.app_context():
        started = time.perf_counter()
        written = rebuild_all_scores()
        db.session.commit()
        return time.perf_counter() - started, written


# --- the run -------------------------------------------------------------------------------------


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_scale(scale: str, base_url: str | None, *, reseed: bool, repeat: int) -> ScaleResult:
    url = database_url(base_url, scale)
    backend = make_url(url).get_backend_name()
    print(f"\n== {scale} scale on {backend} ==", flush=True)
    if reseed:
        drop(url)
    seed_seconds = None
    if not is_seeded(url):
        seed_seconds = seed(url, scale)
    app = create_app(TestConfig(url))
    ensure_user_loader()
    responses, answers = counts(app)
    result = ScaleResult(
        scale=scale,
        backend=backend,
        seeded="reused" if seed_seconds is None else f"seeded in {seed_seconds:.1f} s",
        seed_seconds=seed_seconds,
        responses=responses,
        answers=answers,
    )
    result.pages = time_pages(app, repeat)
    result.rebuild_seconds, result.rebuilt_rows = time_rebuild(app)
    result.peak_rss_mb = peak_rss_mb()
    with app.app_context():
        from valuedcare.extensions import db

        db.engine.dispose()
    return result


def report(result: ScaleResult) -> str:
    lines = [
        f"{result.scale} scale, {result.backend}: {result.responses:,} responses, "
        f"{result.answers:,} answers; {result.seeded}",
        f"  {'page':<13} {'status':>6} {'cold ms':>9} {'median ms':>10} {'p95 ms':>8}  target",
    ]
    for name, page in result.pages.items():
        ok = page.median_ms < TARGET_MEDIAN_MS and page.p95_ms < TARGET_P95_MS
        lines.append(
            f"  {name:<13} {page.status:>6} {page.cold_ms:>9.1f} {page.median_ms:>10.1f} "
            f"{page.p95_ms:>8.1f}  {'met' if ok else 'MISSED'}"
        )
    lines.append(
        f"  rebuild of all scores: {result.rebuild_seconds:.1f} s "
        f"({result.rebuilt_rows:,} rows; target under 30 s)"
    )
    lines.append(
        f"  peak memory of this process so far: {result.peak_rss_mb:,.0f} MB (target under 1 GB)"
    )
    return "\n".join(lines)


def growth(full: ScaleResult, tenth: ScaleResult) -> str:
    """Each page's warm median at full scale over the same at a tenth of the answers."""
    lines = [f"\nfull over tenth (target at most {TARGET_GROWTH}x):"]
    for name, page in full.pages.items():
        if name in tenth.pages:
            ratio = page.median_ms / tenth.pages[name].median_ms
            verdict = "met" if ratio <= TARGET_GROWTH else "MISSED"
            lines.append(f"  {name:<13} {ratio:.2f}x  {verdict}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL server URL (default: SQLite files)")
    parser.add_argument("--scale", choices=[*SCALES, "both"], default="both")
    parser.add_argument("--repeat", type=int, default=40, help="warm requests per page")
    parser.add_argument("--reseed", action="store_true", help="seed again even if cached")
    options = parser.parse_args(argv)
    scales = list(SCALES) if options.scale == "both" else [options.scale]
    results = []
    for scale in scales:
        results.append(
            run_scale(scale, options.database_url, reseed=options.reseed, repeat=options.repeat)
        )
        print(report(results[-1]), flush=True)
    if len(results) == 2:
        print(growth(results[0], results[1]))
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"\npeak memory: this process {peak_rss_mb():,.0f} MB; "
        f"largest seeding child {children:,.0f} MB"
    )
    OUT.mkdir(parents=True, exist_ok=True)
    backend = results[0].backend
    (OUT / f"results-{backend}.json").write_text(
        json.dumps([asdict(result) for result in results], indent=2)
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
