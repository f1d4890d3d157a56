"""Only ``valuedcare/data/transaction.py`` commits or rolls back a database session."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "valuedcare"
HOME = PACKAGE / "data" / "transaction.py"


def _session_endings(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in {"commit", "rollback"}
            and isinstance(node.func.value, ast.Attribute)
            and node.func.value.attr == "session"
        ):
            found.append(f"{path.relative_to(PACKAGE.parent)}:{node.lineno}")
    return found


def test_no_module_but_the_transaction_module_commits_or_rolls_back() -> None:
    elsewhere = [
        place
        for path in sorted(PACKAGE.rglob("*.py"))
        if path != HOME
        for place in _session_endings(path)
    ]
    assert elsewhere == []


def test_the_check_finds_a_commit_where_there_is_one() -> None:
    assert _session_endings(HOME)  # the home itself commits and rolls back
