"""``flask export answers|scores [--cycle CYCLE] --out FILE``: all organisations, CSV or XLSX.

The format follows the file's extension (``.csv`` or ``.xlsx``). Rows are streamed, so the export
of millions of answers runs in bounded memory. These commands are for the people who run the
service: they cover every organisation. Scores are suppressed for small anonymous groups as
everywhere else; answers are exported in full (a trust user's download from the report page leaves
out anonymous lenses with fewer than the configured minimum of respondents).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence

import click
from flask import current_app

from valuedcare.data import exports
from valuedcare.data.scope import Scope
from valuedcare.disclosure import DisclosureRules
from valuedcare.export_format import format_for_path, write_export

group = click.Group("export", help="Export answers or scores as CSV or Excel.")

_EVERY_ORGANISATION = Scope(user_id=None, role="platform_admin", organisation_id=None)
_CYCLE_OPTION = click.option(
    "--cycle",
    default=None,
    help="Only this cycle (its label, e.g. 2025/26); all cycles if omitted.",
)
_OUT_OPTION = click.option(
    "--out",
    "out",
    required=True,
    type=click.Path(dir_okay=False, writable=True),
    help="The file to write: .csv or .xlsx.",
)


def _run(
    out: str,
    cycle: str | None,
    header: Sequence[str],
    rows: Callable[[exports.ExportFilter], Iterator[list[tuple]]],
    sheet: str,
) -> None:
    try:
        format_for_path(out)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--out") from error
    if cycle is not None and cycle not in exports.list_cycle_labels():
        raise click.BadParameter(f"there is no cycle {cycle!r}", param_hint="--cycle")
    started = time.perf_counter()
    export = exports.ExportFilter(scope=_EVERY_ORGANISATION, cycle=cycle)
    count = write_export(out, header, rows(export), sheet=sheet)
    elapsed = time.perf_counter() - started
    click.echo(f"Wrote {count:,} rows to {out} in {elapsed:.1f} s.")


@group.command("answers")
@_CYCLE_OPTION
@_OUT_OPTION
def answers(cycle: str | None, out: str) -> None:
    """One row per answer of every submitted response."""
    _run(out, cycle, exports.ANSWER_COLUMNS, exports.iter_answer_rows, "Answers")


@group.command("scores")
@_CYCLE_OPTION
@_OUT_OPTION
def scores(cycle: str | None, out: str) -> None:
    """One row per organisation, cycle, lens and ingredient."""
    rules = DisclosureRules.from_config(current_app.config)
    _run(
        out,
        cycle,
        exports.SCORE_COLUMNS,
        lambda export: exports.iter_score_rows(export, rules=rules),
        "Scores",
    )
