"""Small questionnaire texts for the questionnaire unit tests."""

from __future__ import annotations

import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]
QUESTIONNAIRES = REPO / "questionnaires"
BROKEN = REPO / "tests" / "fixtures" / "questionnaires" / "broken"

TEN_INGREDIENTS = (
    "experts_by_experience",
    "national_picture",
    "local_area",
    "culture",
    "leadership",
    "business_and_resources",
    "improvement_approach",
    "patient_safety",
    "digitalisation",
    "innovation",
)

AGREEMENT = """\
option_sets:
  agreement:
    - {value: strongly_agree, label: Strongly agree, score: 5}
    - {value: agree, label: Agree, score: 4}
    - {value: disagree, label: Disagree, score: 2}
    - {value: dont_know, label: Don't know, not_known: true}
"""


def questionnaire_text(body: str, *, slug: str = "example", header: str = "") -> str:
    """A questionnaire document: the fixed head keys, then ``header`` and ``body`` (dedented)."""
    head = f"kind: questionnaire\nslug: {slug}\nversion: 1\ntitle: Example\nlens: partner\n"
    return head + textwrap.dedent(header) + textwrap.dedent(body)


def write(path: Path, text: str) -> Path:
    """Write ``text`` to ``path`` (creating folders) and return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path
