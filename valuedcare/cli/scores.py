"""``flask scores rebuild``: recompute every stored score from the answers."""

from __future__ import annotations

import sys
import time

import click

from valuedcare.data import scores, transaction

group = click.Group("scores", help="Stored ingredient scores.")


@group.command("rebuild")
def rebuild() -> None:
    """Delete and recompute every per-response ingredient score."""
    started = time.perf_counter()
    with (
        transaction.committed(),
        click.progressbar(
            length=scores.count_submitted_responses(), label="Rebuilding scores", file=sys.stderr
        ) as bar,
    ):
        written = scores.rebuild_all_scores(progress=bar.update)
    click.echo(f"Rebuilt {written:,} ingredient scores in {time.perf_counter() - started:.1f} s.")
