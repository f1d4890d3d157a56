"""Command-line interface: ``flask --app wsgi <group> <command>``."""

from __future__ import annotations

from importlib import import_module

from flask import Flask

#: Modules under ``valuedcare.cli`` that each expose a click group named ``group``.
COMMAND_MODULES = (
    "questionnaires",
    "demo",
    "scores",
    "export",
    "users",
    "backup",
    "outbox",
    "invitations",
)


def register_cli(app: Flask) -> None:
    for name in COMMAND_MODULES:
        app.cli.add_command(import_module(f"valuedcare.cli.{name}").group)
