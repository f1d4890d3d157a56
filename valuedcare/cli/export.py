"""``flask export answers|scores|summaries [--cycle CYCLE] --out FILE``: all organisations.

The format follows the file's extension (``.csv`` or ``.xlsx``; an Excel file has a frozen,
labelled header and a "Readme" sheet saying what each column means). Rows are streamed, so the
export of millions of answers runs in bounded memory. These commands are for the people who run
the service: they cover every organisation, under the same disclosure rules as the downloads on
the report. Answers are board answers only; experts by experience and partners are exported as
per-question summaries, never row by row.
"""

from __future__ import annotations

import time

import click
from flask import current_app

from valuedcare.data import exports
from valuedcare.data.export_catalogue import EXPORTS, ExportKind
from valuedcare.data.scope import Scope
from valuedcare.disclosure import DisclosureRules
from valuedcare.export_format import format_for_path, write_export

group = click.Group("export", help="Export answers, scores or question summaries as CSV or Excel.")

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


def _run(out: str, cycle: str | None, kind: ExportKind) -> None:
    try:
        format_for_path(out)
    except ValueError as error:
        raise click.BadParameter(str(error), param_hint="--out") from error
    if cycle is not None and cycle not in exports.list_cycle_labels():
        raise click.BadParameter(f"there is no cycle {cycle!r}", param_hint="--cycle")
    rules = DisclosureRules.from_config(current_app.config)
    started = time.perf_counter()
    export = exports.ExportFilter(scope=_EVERY_ORGANISATION, cycle=cycle)
    count = write_export(
        out, kind.columns, kind.chunks(export, rules), sheet=kind.sheet, readme=kind.readme(rules)
    )
    elapsed = time.perf_counter() - started
    click.echo(f"Wrote {count:,} rows to {out} in {elapsed:.1f} s.")


def _command(kind: ExportKind) -> click.Command:
    @_CYCLE_OPTION
    @_OUT_OPTION
    def run(cycle: str | None, out: str) -> None:
        _run(out, cycle, kind)

    run.__doc__ = kind.help
    return click.command(kind.name, help=kind.help)(run)


for _kind in EXPORTS.values():
    group.add_command(_command(_kind))
