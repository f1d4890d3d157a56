"""The small-number thresholds have one home: ``valuedcare.disclosure``.

This searches the whole package (Python and templates) for a threshold written out anywhere else:
a count compared with a literal, a ``min_respondents``/``min_organisations`` given a literal
default, or a configuration read with a literal fallback. Each would let a configured threshold
miss an output.
"""

import ast
import re
from pathlib import Path

import valuedcare

PACKAGE = Path(valuedcare.__file__).parent
HOME = PACKAGE / "disclosure"
COUNTING = re.compile(r"respond|organis|minimum|threshold|\bn\b|count|shown", re.IGNORECASE)
THRESHOLD_NAME = re.compile(r"min_respondents|min_organisations", re.IGNORECASE)


ALLOWED = {
    ("charts/radar.py", "n < 3"): "a polygon needs three corners, not a disclosure rule",
}


def _python_files() -> list[Path]:
    return [path for path in PACKAGE.rglob("*.py") if HOME not in path.parents]


def _is_literal_number(node: ast.AST) -> bool:
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, int | float)
        and not isinstance(node.value, bool)
        and node.value > 1
    )


def _findings(path: Path) -> list[str]:  # noqa: C901 (one walk, several node kinds)
    source = path.read_text()
    tree = ast.parse(source)
    found = []
    where = path.relative_to(PACKAGE.parent)
    for node in ast.walk(tree):
        if isinstance(node, ast.Compare):
            operands = [node.left, *node.comparators]
            text = ast.get_source_segment(source, node) or ""
            allowed = (str(path.relative_to(PACKAGE).as_posix()), text) in ALLOWED
            if any(map(_is_literal_number, operands)) and COUNTING.search(text) and not allowed:
                found.append(f"{where}:{node.lineno}: compares a count with a literal: {text}")
        elif isinstance(node, ast.arguments):
            named = [*node.posonlyargs, *node.args]
            pairs = list(zip(named[len(named) - len(node.defaults) :], node.defaults, strict=True))
            pairs += [
                (a, d)
                for a, d in zip(node.kwonlyargs, node.kw_defaults, strict=True)
                if d is not None
            ]
            for argument, default in pairs:
                if THRESHOLD_NAME.search(argument.arg) and _is_literal_number(default):
                    found.append(f"{where}:{default.lineno}: {argument.arg} defaults to a literal")
        elif isinstance(node, ast.AnnAssign | ast.Assign):
            targets = node.targets if isinstance(node, ast.Assign) else [node.target]
            names = " ".join(ast.unparse(target) for target in targets)
            if THRESHOLD_NAME.search(names) and node.value and _is_literal_number(node.value):
                found.append(f"{where}:{node.lineno}: {names} is set to a literal")
        elif isinstance(node, ast.Call) and node.args and len(node.args) == 2:
            key, fallback = node.args
            if (
                isinstance(key, ast.Constant)
                and isinstance(key.value, str)
                and key.value.startswith("MIN_")
                and _is_literal_number(fallback)
            ):
                found.append(f"{where}:{node.lineno}: {key.value} read with a literal fallback")
    return found


def test_no_threshold_is_written_outside_the_disclosure_package() -> None:
    findings = [finding for path in _python_files() for finding in _findings(path)]

    assert findings == [], "\n".join(findings)


def test_templates_state_no_threshold_of_their_own() -> None:
    literal = re.compile(
        r"(fewer than|at least|under|less than) \d+ (respon|organis|people|of them)"
    )
    findings = [
        f"{path.relative_to(PACKAGE.parent)}:{number}: {line.strip()}"
        for path in (PACKAGE / "templates").rglob("*.html")
        for number, line in enumerate(path.read_text().splitlines(), start=1)
        if literal.search(line)
    ]

    assert findings == [], "\n".join(findings)


def test_the_search_finds_a_planted_threshold(tmp_path: Path) -> None:
    """The search itself works: each kind of literal threshold is caught."""
    planted = tmp_path / "planted.py"
    planted.write_text(
        "def f(respondents, min_respondents=5):\n"
        "    if respondents < 5:\n"
        "        return config.get('MIN_ORGANISATIONS', 5)\n"
        "MIN_RESPONDENTS = 5\n"
    )
    global PACKAGE
    real, PACKAGE = PACKAGE, tmp_path
    try:
        findings = _findings(planted)
    finally:
        PACKAGE = real
    assert len(findings) == 4, findings
