"""Hostile YAML is refused with a clear message, never executed and never expanded."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.unit.questionnaire.builders import questionnaire_text, write
from valuedcare.questionnaire import (
    MAX_FILE_BYTES,
    QuestionnaireError,
    parse_questionnaire,
    validate_paths,
    yamldoc,
)

BILLION_LAUGHS = """\
kind: questionnaire
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]
f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]
g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]
h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]
i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]
"""


def _only_problem(text: str):
    with pytest.raises(QuestionnaireError) as raised:
        parse_questionnaire(text, filename="hostile.yaml")
    assert len(raised.value.problems) == 1
    return raised.value.problems[0]


def test_python_object_tag_is_refused_and_nothing_runs(tmp_path: Path) -> None:
    marker = tmp_path / "ran"
    text = f'kind: questionnaire\ntitle: !!python/object/apply:os.system ["touch {marker}"]\n'

    problem = _only_problem(text)
    problems = validate_paths([write(tmp_path / "hostile.yaml", text)])

    assert (problem.line, problem.column) == (2, 8)
    assert "the tag !!python/object/apply:os.system is not allowed" in problem.message
    assert [p.message for p in problems] == [problem.message]
    assert not marker.exists()


@pytest.mark.parametrize(
    "value",
    [
        "!!python/name:os.system",
        "!!binary aGVsbG8=",
        "!include other.yaml",
        "!!timestamp 2024-01-01",
    ],
)
def test_tags_other_than_plain_values_are_refused(value: str) -> None:
    problem = _only_problem(f"kind: questionnaire\ntitle: {value}\n")

    assert "is not allowed" in problem.message
    assert problem.line == 2


def test_plain_standard_tags_are_accepted_and_dates_stay_text() -> None:
    text = questionnaire_text(
        """\
        description: !!str 2024-01-01
        time_needed: 2024-01-01
        sections:
          - id: s
            title: S
            items:
              - {id: q, type: text, text: Anything to add, max_length: 10}
        """
    )
    questionnaire = parse_questionnaire(text, filename="example.yaml")

    assert questionnaire.description == "2024-01-01"
    assert questionnaire.time_needed == "2024-01-01"


def test_billion_laughs_is_refused_at_the_first_anchor_without_expanding() -> None:
    started = time.perf_counter()
    problem = _only_problem(BILLION_LAUGHS)

    assert problem.message == "anchors and aliases are not allowed"
    assert (problem.line, problem.column) == (2, 4)
    assert time.perf_counter() - started < 1


def test_a_lone_alias_is_refused() -> None:
    problem = _only_problem("kind: questionnaire\ntitle: *somewhere\n")

    assert problem.message == "anchors and aliases are not allowed"


def test_file_over_one_mebibyte_is_refused_before_it_is_read(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as stream:
        stream.truncate(50 * 1024 * 1024)  # sparse: no disk space used

    original_open = Path.open

    def open_unless_huge(self: Path, *args: object, **kwargs: object) -> object:
        assert self != path, "the oversized file was opened"
        return original_open(self, *args, **kwargs)

    monkeypatch.setattr(Path, "open", open_unless_huge)
    problems = validate_paths([path])

    assert [(p.file, p.line, p.path) for p in problems] == [(str(path), 1, "(document)")]
    assert "larger than the limit of 1 MiB" in problems[0].message


def test_text_over_one_mebibyte_is_refused_by_the_parser() -> None:
    text = "kind: questionnaire\n" + "#" * MAX_FILE_BYTES

    assert "larger than the limit of 1 MiB" in _only_problem(text).message


def test_nesting_deeper_than_the_limit_is_refused() -> None:
    depth = yamldoc.MAX_DEPTH + 1
    text = "kind: questionnaire\ntitle: " + "[" * depth + "x" + "]" * depth + "\n"

    problem = _only_problem(text)

    assert problem.message == f"the file is nested more than {yamldoc.MAX_DEPTH} levels deep"
    assert problem.line == 2


def test_very_deep_nesting_is_refused_without_recursion_errors() -> None:
    text = "title: " + "[" * 3_000 + "]" * 3_000 + "\n"  # beyond the recursion limit

    assert "nested more than" in _only_problem(text).message


def test_nesting_within_the_limit_is_read() -> None:
    depth = yamldoc.MAX_DEPTH - 1
    document = yamldoc.read_yaml("a: " + "[" * depth + "x" + "]" * depth, "ok.yaml")

    value = document.data["a"]
    for _ in range(depth - 1):
        value = value[0]
    assert value == ["x"]


def test_too_many_values_are_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(yamldoc, "MAX_NODES", 50)

    problem = _only_problem("kind: questionnaire\nlist: [" + "1, " * 60 + "]\n")

    assert problem.message == "the file has more than 50 values"


def test_non_utf8_file_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"kind: questionnaire\ntitle: caf\xe9\n")

    problems = validate_paths([path])

    assert [(p.line, p.message) for p in problems] == [(2, "the file is not valid UTF-8 text")]


def test_empty_file_is_refused() -> None:
    assert _only_problem("# nothing here\n").message == "the file is empty"
