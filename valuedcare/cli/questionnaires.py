"""``flask questionnaires validate|load``."""

from __future__ import annotations

import sys
from pathlib import Path

import click
from flask import current_app

from valuedcare.data import transaction
from valuedcare.questionnaire import validate_paths
from valuedcare.questionnaire.load import readability_warnings

group = click.Group("questionnaires", help="Check and load the YAML questionnaires.")


def _default_directory() -> Path:
    return Path(current_app.config["QUESTIONNAIRE_DIR"])


@group.command("validate")
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--strict", is_flag=True, help="Treat warnings (statements above the reading age) as errors."
)
def validate(paths: tuple[Path, ...], strict: bool) -> None:
    """Check questionnaire files (default: every file in questionnaires/, its previous/ and
    safety/ folders). Questionnaires that state a reading_age are also checked for statements
    that read above it: warnings, or errors with --strict."""
    targets = list(paths) or [_default_directory()]
    problems = validate_paths(targets)
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s) found.", err=True)
        sys.exit(1)
    warnings = readability_warnings(targets)
    for warning in warnings:
        click.echo(f"warning: {warning}", err=True)
    if warnings and strict:
        click.echo(f"{len(warnings)} warning(s), and --strict treats them as errors.", err=True)
        sys.exit(1)
    if warnings:
        click.echo(f"All questionnaires are valid, with {len(warnings)} warning(s).")
        return
    click.echo("All questionnaires are valid.")


@group.command("load")
@click.option("--directory", type=click.Path(path_type=Path), default=None)
def load(directory: Path | None) -> None:
    """Store every questionnaire version, older ones in previous/ first; unchanged files change
    nothing."""
    from valuedcare.data.questionnaires import store_questionnaire_directory

    directory = directory or _default_directory()
    problems = validate_paths([directory])
    if problems:
        for problem in problems:
            click.echo(str(problem), err=True)
        sys.exit(1)
    with transaction.committed():
        outcomes = store_questionnaire_directory(directory)
        refused = [o for o in outcomes if o.status == "refused"]
        for outcome in outcomes:
            click.echo(f"{outcome.status:>9}: {outcome.message}", err=outcome.status == "refused")
        if refused:
            click.echo("Nothing was stored: fix the refused file(s) first.", err=True)
            sys.exit(1)
