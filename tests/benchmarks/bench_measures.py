"""Benchmark of the outcome measures at realistic scale: page times and an upload's time.

Run from the repository root (both scales by default; the full one takes a few minutes to seed):

    .venv/bin/python tests/benchmarks/bench_measures.py
    .venv/bin/python tests/benchmarks/bench_measures.py --scale tenth --repeat 40
    .venv/bin/python tests/benchmarks/bench_measures.py \\
        --database-url postgresql+psycopg://postgres@127.0.0.1:5432/test

Scales: "full" is 60 trusts x 10 teams x 10 measures x 60 months (360,000 values, 6,000 per
trust); "tenth" keeps the 60 trusts, 10 teams and 10 measures with the latest 6 months only
(36,000 values, 600 per trust), a tenth of the values of each trust, so page times at both scales
show whether page cost grows with the length of the series.

Each scale is seeded once, in child processes: the real ``flask db upgrade``, ``flask
questionnaires load`` and ``flask demo seed --trusts 60 --cycles 1 --respondents 5`` (the
trusts, the demonstration accounts, and 4 teams x 36 months of measures), then this script again
(``--fill``) replaces every trust's values with its own 10 teams x N months from
``valuedcare.demo.measures.demo_series``, inserted in chunks. The database is a cached SQLite file
under ``tests/benchmarks/out/`` or, with ``--database-url`` pointing at PostgreSQL, a dedicated
schema (``valuedcare_bench_measures_<scale>``). Later runs reuse it; ``--reseed`` starts again.

Then, in this process, signed in through the sign-in page as the first trust's improvement lead
(``lead@demo01.example.org``), through the Flask test client: the measures summary, a ratio
measure with its funnel plot (``did_not_attend``) and a value measure (``length_of_stay``) are
each requested once cold (caches emptied first), and so is the trust report, which lists the
measures beside each ingredient, a few times to warm up, then ``--repeat`` times;
the median and 95th percentile of the warm times are printed, and once more with the caches
emptied ("recold": the data and charts without the process's first compiling of templates, which
the first cold request also pays). Last, an upload of 12 months x 10
teams x 10 measures (1,200 rows, a CSV built in memory) goes through the real routes: the POST of
the file (checked in full), the preview and the confirmation; each step and the total are
printed. Its months are the latest 12, so at full scale it replaces 1,200 stored values (the worst
case: every one moves to the history); at a tenth, 600 are replaced and 600 added. Afterwards the
stored values are put back as they were, so that every run measures the same data.

Targets: warm median under 150 ms, cold under 1 s, full over tenth warm median at most 1.5 times,
upload under 2 s. Each is printed PASS or OVER; the exit code is 0 either way.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import os
import statistics
import subprocess
import sys
import time
from dataclasses import asdict, dataclass, field
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from flask import Flask  # noqa: E402
from sqlalchemy import create_engine, delete, func, insert, select, text, update  # noqa: E402
from sqlalchemy.engine import make_url  # noqa: E402

from valuedcare import create_app  # noqa: E402
from valuedcare.config import TestConfig, normalise_database_url  # noqa: E402
from valuedcare.data.demo import DEMO_PASSWORD  # noqa: E402

OUT = ROOT / "tests" / "benchmarks" / "out"
TRUSTS = 60
#: Months of values per team and measure at each scale (10 teams and 10 measures at both).
SCALES = {"full": 60, "tenth": 6}
TEAMS = (
    "North locality",
    "South locality",
    "East locality",
    "West locality",
    "Acute inpatients",
    "Crisis team",
    "Early intervention",
    "Older adults",
    "Perinatal",
    "Rehabilitation",
)
LEAD_EMAIL = "lead@demo01.example.org"
LEAD_PASSWORD = DEMO_PASSWORD  # the documented demonstration password
RATIO_MEASURE = "did_not_attend"
VALUE_MEASURE = "length_of_stay"
UPLOAD_MONTHS = 12
CHUNK = 5_000

TARGET_WARM_MS = 150
TARGET_COLD_MS = 1_000
TARGET_GROWTH = 1.5
TARGET_UPLOAD_MS = 2_000


@dataclass
class PageTiming:
    path: str
    cold_ms: float
    #: Caches emptied again once the process has compiled the templates: the cost of the data
    #: and charts alone, without the first request's one-off work.
    recold_ms: float
    median_ms: float
    p95_ms: float


@dataclass
class UploadTiming:
    rows: int
    post_ms: float
    preview_ms: float
    confirm_ms: float
    added: int
    replaced: int

    @property
    def total_ms(self) -> float:
        return self.post_ms + self.preview_ms + self.confirm_ms


@dataclass
class ScaleResult:
    scale: str
    backend: str
    seeded: str
    values: int
    organisation_values: int
    pages: dict[str, PageTiming] = field(default_factory=dict)
    upload: UploadTiming | None = None


# --- databases -----------------------------------------------------------------------------------


def database_url(base: str | None, scale: str) -> str:
    """The SQLite file of ``scale``, or a PostgreSQL URL whose search path is its own schema."""
    if not base:
        OUT.mkdir(parents=True, exist_ok=True)
        return f"sqlite:///{OUT / f'measures-{scale}.db'}"
    url = make_url(normalise_database_url(base))
    schema = f"valuedcare_bench_measures_{scale}"
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


def is_seeded(url: str, scale: str) -> bool:
    """Whether the database holds exactly the values of ``scale`` (a half-done seed does not)."""
    expected = TRUSTS * len(TEAMS) * 10 * SCALES[scale]
    engine = create_engine(url)
    try:
        with engine.connect() as connection:
            return connection.execute(text("SELECT COUNT(*) FROM measure_values")).scalar() == (
                expected
            )
    except Exception:
        return False
    finally:
        engine.dispose()


def run_child(url: str, *command: str) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DATABASE_URL": url, "VALUEDCARE_ENV": "development"}
    return subprocess.run(
        [sys.executable, *command],
        cwd=ROOT,
        env=environment,
        check=True,
        stdout=subprocess.PIPE,
        text=True,
    )


def flask(url: str, *arguments: str) -> subprocess.CompletedProcess:
    """Run ``flask --app wsgi ...`` against ``url``; its progress bar goes to our stderr."""
    return run_child(url, "-m", "flask", "--app", "wsgi", *arguments)


def seed(url: str, scale: str) -> float:
    """Migrate, load the questionnaires and measures, seed the trusts, then replace their values
    with the scale's (in a second child); returns the seconds all of that took."""
    started = time.perf_counter()
    flask(url, "db", "upgrade")
    flask(url, "questionnaires", "load")
    result = flask(
        url, "demo", "seed", "--trusts", str(TRUSTS), "--cycles", "1", "--respondents", "5"
    )
    print(f"  {result.stdout.strip().splitlines()[0]}")
    result = run_child(url, str(Path(__file__).resolve()), "--fill", scale)
    print(f"  {result.stdout.strip()}")
    return time.perf_counter() - started


def fill(scale: str) -> int:
    """In a child process (``DATABASE_URL`` set): replace every organisation's measure values
    with 10 teams x the scale's months of every measure, attributed to its demonstration upload.
    Stored values make the teams known to the upload's check."""
    import numpy as np

    from valuedcare.config import config_from_environment
    from valuedcare.data.questionnaires import get_measures
    from valuedcare.demo.measures import demo_months, demo_series
    from valuedcare.extensions import db
    from valuedcare.models import Organisation
    from valuedcare.models.measures import MeasureUpload, MeasureValue, MeasureValueHistory

    app = create_app(config_from_environment())
    started = time.perf_counter()
    with app.app_context():
        measures = list(get_measures())
        months = demo_months(date.today(), SCALES[scale])
        rng = np.random.default_rng([2026, 21])
        db.session.execute(delete(MeasureValueHistory))
        db.session.execute(delete(MeasureValue))
        organisations = db.session.scalars(select(Organisation.id).order_by(Organisation.id))
        written = 0
        for index, organisation_id in enumerate(list(organisations)):
            upload_id = db.session.scalar(
                select(MeasureUpload.id)
                .where(MeasureUpload.organisation_id == organisation_id)
                .order_by(MeasureUpload.id)
            )
            series = demo_series(
                measures, TEAMS, months, rng, standout_team=TEAMS[index % len(TEAMS)]
            )
            rows = [
                {
                    "organisation_id": organisation_id,
                    "measure": each.measure,
                    "team": each.team,
                    "month": each.month,
                    "value": each.value,
                    "numerator": each.numerator,
                    "denominator": each.denominator,
                    "upload_id": upload_id,
                }
                for each in series
            ]
            for start in range(0, len(rows), CHUNK):
                db.session.execute(insert(MeasureValue), rows[start : start + CHUNK])
            if upload_id is not None:
                db.session.execute(
                    update(MeasureUpload)
                    .where(MeasureUpload.id == upload_id)
                    .values(added=len(rows), replaced=0)
                )
            written += len(rows)
        db.session.commit()
        db.engine.dispose()
    print(
        f"Stored {written:,} measure values ({len(TEAMS)} teams x {len(measures)} measures x "
        f"{len(months)} months per trust) in {time.perf_counter() - started:.1f} s."
    )
    return 0


# --- signing in and timing pages -----------------------------------------------------------------


def clear_caches() -> None:
    from valuedcare.caching import clear_all

    clear_all()


def lead_organisation(app: Flask) -> int:
    from valuedcare.extensions import db
    from valuedcare.models import User

    with app.app_context():
        user = db.session.scalars(select(User).filter_by(email=LEAD_EMAIL)).first()
        if user is None or user.organisation_id is None:
            raise SystemExit(f"{LEAD_EMAIL} is not in the database: run again with --reseed")
        return user.organisation_id


def sign_in(app: Flask):
    """A test client signed in through the sign-in page, as the first trust's lead."""
    from flask import url_for

    with app.test_request_context():
        path = url_for("auth.sign_in")
    client = app.test_client()
    response = client.post(path, data={"email": LEAD_EMAIL, "password": LEAD_PASSWORD})
    if response.status_code != 302:
        raise SystemExit(f"signing in as {LEAD_EMAIL} answered {response.status_code}")
    return client


def percentile_95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def time_page(client, path: str, repeat: int, warm_up: int = 3) -> PageTiming:
    clear_caches()
    started = time.perf_counter()
    response = client.get(path)
    cold = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{path} answered {response.status_code}: a refusal is not a page time")
    for _ in range(warm_up):
        client.get(path).close()
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        client.get(path).close()
        times.append((time.perf_counter() - started) * 1000)
    clear_caches()
    started = time.perf_counter()
    client.get(path).close()
    recold = (time.perf_counter() - started) * 1000
    return PageTiming(path, cold, recold, statistics.median(times), percentile_95(times))


# --- the upload ----------------------------------------------------------------------------------


def upload_csv(app: Flask, organisation_id: int) -> tuple[bytes, int]:
    """A CSV of the latest 12 months of every measure for the 10 teams, with plausible values."""
    import numpy as np

    from valuedcare.data.questionnaires import get_measures
    from valuedcare.demo.measures import demo_months, demo_series

    with app.app_context():
        measures = list(get_measures())
    series = demo_series(
        measures, TEAMS, demo_months(date.today(), UPLOAD_MONTHS), np.random.default_rng(7)
    )
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["month", "team", "measure", "value", "numerator", "denominator"])
    for each in series:
        ratio = each.numerator is not None
        writer.writerow(
            [
                each.month.strftime("%Y-%m"),
                each.team,
                each.measure,
                "" if ratio else each.value,
                f"{each.numerator:g}" if ratio else "",
                f"{each.denominator:g}" if ratio else "",
            ]
        )
    return buffer.getvalue().encode("utf-8"), len(series)


def time_upload(app: Flask, client, organisation_id: int) -> UploadTiming:
    from valuedcare.extensions import db
    from valuedcare.models.measures import MeasureUpload

    body, rows = upload_csv(app, organisation_id)
    started = time.perf_counter()
    response = client.post(
        f"/organisations/{organisation_id}/measures/upload",
        data={"file": (io.BytesIO(body), "bench-measures.csv")},
        content_type="multipart/form-data",
    )
    post_ms = (time.perf_counter() - started) * 1000
    if response.status_code != 302 or "/measures/uploads/" not in response.location:
        problems = response.get_data(as_text=True)
        raise SystemExit(f"the upload answered {response.status_code}:\n{problems[:3000]}")
    preview_path = response.location
    upload_id = int(preview_path.rstrip("/").rsplit("/", 1)[1])

    started = time.perf_counter()
    response = client.get(preview_path)
    preview_ms = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"the preview answered {response.status_code}")

    started = time.perf_counter()
    response = client.post(f"/measures/uploads/{upload_id}/confirm")
    confirm_ms = (time.perf_counter() - started) * 1000
    if response.status_code != 302:
        raise SystemExit(f"confirming the upload answered {response.status_code}")

    with app.app_context():
        stored = db.session.get(MeasureUpload, upload_id)
        timing = UploadTiming(rows, post_ms, preview_ms, confirm_ms, stored.added, stored.replaced)
    restore(app, upload_id)
    return timing


def restore(app: Flask, upload_id: int) -> None:
    """Put back the values the timed upload replaced, and remove what it added, so that the
    cached database holds the same values on every run."""
    from valuedcare.extensions import db
    from valuedcare.models.measures import MeasureUpload, MeasureValue, MeasureValueHistory

    columns = ("organisation_id", "measure", "team", "month", "value", "numerator", "denominator")
    with app.app_context():
        db.session.execute(delete(MeasureValue).where(MeasureValue.upload_id == upload_id))
        replaced = select(
            *(getattr(MeasureValueHistory, name) for name in columns), MeasureValueHistory.upload_id
        ).where(MeasureValueHistory.replaced_by_id == upload_id)
        db.session.execute(insert(MeasureValue).from_select([*columns, "upload_id"], replaced))
        db.session.execute(
            delete(MeasureValueHistory).where(MeasureValueHistory.replaced_by_id == upload_id)
        )
        db.session.execute(delete(MeasureUpload).where(MeasureUpload.id == upload_id))
        db.session.commit()
    clear_caches()


# --- the run -------------------------------------------------------------------------------------


def value_counts(app: Flask, organisation_id: int) -> tuple[int, int]:
    from valuedcare.extensions import db
    from valuedcare.models.measures import MeasureValue

    with app.app_context():
        return (
            db.session.scalar(select(func.count(MeasureValue.id))),
            db.session.scalar(
                select(func.count(MeasureValue.id)).where(
                    MeasureValue.organisation_id == organisation_id
                )
            ),
        )


def lead_assessment(app: Flask, organisation_id: int) -> int:
    """The lead's trust's assessment: its report lists the measures beside each ingredient."""
    from sqlalchemy import select

    from valuedcare.extensions import db
    from valuedcare.models import Assessment

    with app.app_context():
        found = db.session.scalar(
            select(Assessment.id).where(Assessment.organisation_id == organisation_id)
        )
    assert found is not None, "the demo seed gives every trust an assessment"
    return found


def run_scale(scale: str, base_url: str | None, *, reseed: bool, repeat: int) -> ScaleResult:
    url = database_url(base_url, scale)
    backend = make_url(url).get_backend_name()
    print(f"\n== {scale} scale on {backend} ==", flush=True)
    if reseed:
        drop(url)
    seeded = "reused"
    if not is_seeded(url, scale):
        if make_url(url).get_backend_name() == "sqlite":
            drop(url)  # a half-done seed: start again
        seeded = f"seeded in {seed(url, scale):.1f} s"
    app = create_app(TestConfig(url))
    organisation_id = lead_organisation(app)
    values, organisation_values = value_counts(app, organisation_id)
    result = ScaleResult(scale, backend, seeded, values, organisation_values)
    client = sign_in(app)
    pages = {
        "summary": f"/organisations/{organisation_id}/measures",
        f"{RATIO_MEASURE}": f"/organisations/{organisation_id}/measures/{RATIO_MEASURE}",
        f"{VALUE_MEASURE}": f"/organisations/{organisation_id}/measures/{VALUE_MEASURE}",
        "report": f"/reports/assessments/{lead_assessment(app, organisation_id)}",
    }
    result.pages = {name: time_page(client, path, repeat) for name, path in pages.items()}
    result.upload = time_upload(app, client, organisation_id)
    with app.app_context():
        from valuedcare.extensions import db

        db.engine.dispose()
    return result


def verdict(ok: bool) -> str:
    return "PASS" if ok else "OVER"


def report(result: ScaleResult) -> str:
    lines = [
        f"{result.scale} scale, {result.backend}: {result.values:,} values "
        f"({result.organisation_values:,} for the lead's trust); {result.seeded}",
        f"  {'page':<20} {'cold ms':>9} {'recold ms':>10} {'median ms':>10} {'p95 ms':>8}  "
        f"cold<{TARGET_COLD_MS}  median<{TARGET_WARM_MS}",
    ]
    for name, page in result.pages.items():
        lines.append(
            f"  {name:<20} {page.cold_ms:>9.1f} {page.recold_ms:>10.1f} {page.median_ms:>10.1f} "
            f"{page.p95_ms:>8.1f}  "
            f"{verdict(page.cold_ms < TARGET_COLD_MS):>8}  "
            f"{verdict(page.median_ms < TARGET_WARM_MS):>10}"
        )
    upload = result.upload
    if upload is not None:
        lines.append(
            f"  upload of {upload.rows:,} rows ({upload.replaced:,} replaced, {upload.added:,} "
            f"added): post {upload.post_ms:.0f} ms + preview {upload.preview_ms:.0f} ms + "
            f"confirm {upload.confirm_ms:.0f} ms = {upload.total_ms:.0f} ms  "
            f"(target under {TARGET_UPLOAD_MS} ms) {verdict(upload.total_ms < TARGET_UPLOAD_MS)}"
        )
    return "\n".join(lines)


def growth(full: ScaleResult, tenth: ScaleResult) -> str:
    """Each page's warm median at full scale over the same at a tenth of the values."""
    lines = [f"\nfull over tenth, warm median (target at most {TARGET_GROWTH}x):"]
    for name, page in full.pages.items():
        if name in tenth.pages:
            ratio = page.median_ms / tenth.pages[name].median_ms
            lines.append(f"  {name:<20} {ratio:.2f}x  {verdict(ratio <= TARGET_GROWTH)}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", help="PostgreSQL server URL (default: SQLite files)")
    parser.add_argument("--scale", choices=[*SCALES, "both"], default="both")
    parser.add_argument("--repeat", type=int, default=20, help="warm requests per page")
    parser.add_argument("--reseed", action="store_true", help="seed again even if cached")
    parser.add_argument("--fill", choices=SCALES, help=argparse.SUPPRESS)  # the seeding child
    options = parser.parse_args(argv)
    if options.fill:
        return fill(options.fill)
    scales = list(SCALES) if options.scale == "both" else [options.scale]
    results = []
    for scale in scales:
        results.append(
            run_scale(scale, options.database_url, reseed=options.reseed, repeat=options.repeat)
        )
        print(report(results[-1]), flush=True)
    if len(results) == 2:
        print(growth(results[0], results[1]))
    OUT.mkdir(parents=True, exist_ok=True)
    backend = results[0].backend
    (OUT / f"measures-results-{backend}.json").write_text(
        json.dumps(
            [
                {**asdict(result), "upload_total_ms": result.upload and result.upload.total_ms}
                for result in results
            ],
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
