"""Reading questionnaire YAML safely, keeping the position of every value (pure: text in).

Hostile input is refused before anything is built from it: files over ``MAX_FILE_BYTES``, anchors
and aliases (which would allow "billion laughs" expansion), tags other than the plain YAML ones
(such as ``!!python/object/apply``), nesting deeper than ``MAX_DEPTH`` and more than ``MAX_NODES``
values.
Values are then built with PyYAML's safe constructor only.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any, cast

import yaml
from yaml.events import AliasEvent, Event, MappingStartEvent, SequenceStartEvent
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.reader import ReaderError

from valuedcare.questionnaire.errors import DOCUMENT_PATH, Problem, QuestionnaireError

MAX_FILE_BYTES = 1024 * 1024
MAX_DEPTH = 20
MAX_NODES = 100_000

_CORE = "tag:yaml.org,2002:"
_PLAIN_TAGS = frozenset(
    _CORE + name for name in ("str", "int", "float", "bool", "null", "seq", "map")
)
_STR_TAG = _CORE + "str"

Loc = Sequence[str | int]


class RefusedYAMLError(yaml.MarkedYAMLError):
    """YAML that is well formed but not allowed in a questionnaire file."""


def _display_tag(tag: str) -> str:
    return "!!" + tag.removeprefix(_CORE) if tag.startswith(_CORE) else tag


def _refuse(problem: str, event: Event) -> RefusedYAMLError:
    return RefusedYAMLError(problem=problem, problem_mark=cast("yaml.Mark", event.start_mark))


def _refuse_unsafe(event: Event) -> None:
    if isinstance(event, AliasEvent) or getattr(event, "anchor", None) is not None:
        raise _refuse("anchors and aliases are not allowed", event)
    tag = getattr(event, "tag", None)
    if tag not in (None, "!") and tag not in _PLAIN_TAGS:
        raise _refuse(f"the tag {_display_tag(tag)} is not allowed; use plain YAML values", event)


class _GuardedLoader(yaml.SafeLoader):
    """A SafeLoader that refuses anchors, aliases, unusual tags and deep or huge documents.

    Timestamps, merge keys (``<<``) and ``=`` are left as plain text rather than resolved.
    """

    yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag in _PLAIN_TAGS]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }

    def __init__(self, stream: str) -> None:
        super().__init__(stream)
        self._depth = 0
        self._nodes = 0

    def compose_node(self, parent: Node | None, index: Any) -> Node | None:
        event: Event = self.peek_event()
        _refuse_unsafe(event)
        self._nodes += 1
        if self._nodes > MAX_NODES:
            raise _refuse(f"the file has more than {MAX_NODES} values", event)
        nested = isinstance(event, MappingStartEvent | SequenceStartEvent)
        self._depth += nested
        if self._depth > MAX_DEPTH:
            raise _refuse(f"the file is nested more than {MAX_DEPTH} levels deep", event)
        try:
            node: Node | None = super().compose_node(parent, index)
            return node
        finally:
            self._depth -= nested


def _problem_at(filename: str, mark: yaml.Mark | None, path: str, message: str) -> Problem:
    line, column = (mark.line + 1, mark.column + 1) if mark is not None else (1, 1)
    return Problem(filename, line, column, path, message)


def _yaml_error_problem(filename: str, error: yaml.YAMLError, text: str) -> Problem:
    if isinstance(error, RefusedYAMLError):
        return _problem_at(filename, error.problem_mark, DOCUMENT_PATH, str(error.problem))
    if isinstance(error, yaml.MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        parts = [part for part in (error.context, error.problem) if part]
        message = "YAML syntax error: " + "; ".join(parts)
        return _problem_at(filename, mark, DOCUMENT_PATH, message)
    if isinstance(error, ReaderError):
        before = text[: error.position]
        line, column = before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
        message = f"the character {error.character:#06x} is not allowed in YAML"
        return Problem(filename, line, column, DOCUMENT_PATH, message)
    return Problem(filename, 1, 1, DOCUMENT_PATH, f"cannot read the YAML: {error}")


def format_path(loc: Loc) -> str:
    """Return a readable path for a location: ``("sections", 3, "id")`` -> ``sections[3].id``."""
    text = ""
    for part in loc:
        if isinstance(part, int):
            text += f"[{part}]"
        elif part.isidentifier():
            text += f".{part}" if text else part
        else:
            text += f"[{part!r}]"
    return text or DOCUMENT_PATH


def _mapping_child(node: MappingNode, key: str | int, *, at_key: bool) -> Node | None:
    for key_node, value_node in node.value:
        if isinstance(key_node, ScalarNode) and key_node.value == str(key):
            return key_node if at_key else value_node
    return None


def _child(node: Node, part: str | int, *, at_key: bool) -> Node | None:
    if isinstance(node, MappingNode):
        return _mapping_child(node, part, at_key=at_key)
    if isinstance(node, SequenceNode) and isinstance(part, int) and 0 <= part < len(node.value):
        return cast(Node, node.value[part])
    return None


def _key_text(node: Node) -> str:
    return str(node.value) if isinstance(node, ScalarNode) else "?"


def _walk_mappings(
    node: Node, loc: tuple[str | int, ...] = ()
) -> Iterator[tuple[Loc, MappingNode]]:
    if isinstance(node, MappingNode):
        yield loc, node
        for key, value in node.value:
            yield from _walk_mappings(value, (*loc, _key_text(key)))
    elif isinstance(node, SequenceNode):
        for index, value in enumerate(node.value):
            yield from _walk_mappings(value, (*loc, index))


@dataclass(frozen=True)
class YamlDocument:
    """A safely read YAML document: the plain Python ``data`` and the node tree with positions."""

    filename: str
    root: Node
    data: Any

    def locate(self, loc: Loc, *, at_key: bool = False) -> tuple[int, int]:
        """Return the 1-based (line, column) of ``loc``, or of its nearest existing parent.

        With ``at_key`` the last part is a mapping key and its key (not its value) is located.
        """
        node = self.root
        for position, part in enumerate(loc):
            child = _child(node, part, at_key=at_key and position == len(loc) - 1)
            if child is None:
                break
            node = child
        return node.start_mark.line + 1, node.start_mark.column + 1

    def problem(self, loc: Loc, message: str, *, at_key: bool = False) -> Problem:
        """Build a :class:`Problem` for ``loc`` in this document."""
        line, column = self.locate(loc, at_key=at_key)
        return Problem(self.filename, line, column, format_path(loc), message)

    def key_problems(self) -> list[Problem]:
        """Return problems with mapping keys: keys that are not text, and keys used twice."""
        problems: list[Problem] = []
        for loc, mapping in _walk_mappings(self.root):
            seen: dict[str, int] = {}
            for key_node, _ in mapping.value:
                mark = key_node.start_mark
                path = format_path((*loc, _key_text(key_node)))
                if not (isinstance(key_node, ScalarNode) and key_node.tag == _STR_TAG):
                    message = "keys must be plain text; put this key in quotes"
                    problems.append(_problem_at(self.filename, mark, path, message))
                elif key_node.value in seen:
                    message = f"this key appears twice (first on line {seen[key_node.value]})"
                    problems.append(_problem_at(self.filename, mark, path, message))
                else:
                    seen[key_node.value] = mark.line + 1
        return problems


def _refuse_large(text: str, filename: str) -> None:
    if len(text) > MAX_FILE_BYTES or len(text.encode("utf-8")) > MAX_FILE_BYTES:
        message = f"the file is larger than the limit of 1 MiB ({MAX_FILE_BYTES} bytes)"
        raise QuestionnaireError([Problem(filename, 1, 1, DOCUMENT_PATH, message)])


def read_yaml(text: str, filename: str) -> YamlDocument:
    """Read one YAML document from ``text`` safely, or raise :class:`QuestionnaireError`.

    ``filename`` is used only in problem messages.
    """
    _refuse_large(text, filename)
    try:
        loader = _GuardedLoader(text)
    except yaml.YAMLError as error:
        raise QuestionnaireError([_yaml_error_problem(filename, error, text)]) from None
    try:
        root = loader.get_single_node()
        if root is None:
            raise QuestionnaireError([Problem(filename, 1, 1, DOCUMENT_PATH, "the file is empty")])
        document = YamlDocument(filename, root, None)
        if problems := document.key_problems():
            raise QuestionnaireError(problems)
        return YamlDocument(filename, root, loader.construct_document(root))
    except yaml.YAMLError as error:
        raise QuestionnaireError([_yaml_error_problem(filename, error, text)]) from None
    finally:
        loader.dispose()
