"""A bare Jinja environment with the app's settings: our components and the official NHS macros."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import ChoiceLoader, Environment, FileSystemLoader

import valuedcare
from valuedcare.jinja import JINJA_OPTIONS as _OPTIONS
from valuedcare.jinja import nhsuk_loader

JINJA_OPTIONS = {key: value for key, value in _OPTIONS.items() if key != "autoescape"}

TEMPLATES = Path(valuedcare.__file__).parent / "templates"


@pytest.fixture(scope="session")
def jinja_env() -> Environment:
    loader = ChoiceLoader([FileSystemLoader(TEMPLATES), nhsuk_loader()])
    return Environment(loader=loader, autoescape=True, **JINJA_OPTIONS)
