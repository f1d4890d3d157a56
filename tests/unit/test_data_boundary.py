"""No ORM object leaves the data layer: public data functions return records, not rows.

A function's return annotation is read as written; a model class named in it (``User``,
``Response | None``, ``list[tuple[Cycle, int]]``) fails here. Functions that take rows to make
records (``to_records``, ``draft_record``, ``link_invitation``) return records, so pass.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import valuedcare.models as models

DATA = Path(__file__).resolve().parents[2] / "valuedcare" / "data"
MODEL_NAMES = {name for name in models.__all__ if name[0].isupper() and name != "Base"}


def _public_returns(path: Path) -> list[tuple[str, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        (node.name, ast.unparse(node.returns))
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and not node.name.startswith("_")
        and node.returns is not None
    ]


def _leaks(annotation: str) -> set[str]:
    return set(re.findall(r"[A-Za-z_]+", annotation)) & MODEL_NAMES


def test_no_public_data_function_returns_an_orm_row() -> None:
    leaking = [
        f"{path.name}:{name} -> {annotation}"
        for path in sorted(DATA.glob("*.py"))
        for name, annotation in _public_returns(path)
        if _leaks(annotation)
    ]
    assert leaking == []


def test_the_check_sees_a_model_in_an_annotation() -> None:
    assert _leaks("list[tuple[Cycle, int]]") == {"Cycle"}
    assert _leaks("CycleRecord | None") == set()
