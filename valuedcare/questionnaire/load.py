"""Reading questionnaire files from disk: the only I/O in this package.

Each file is opened, size-checked and decoded here, then handed to the pure parsers in ``parse``.

A questionnaires directory holds the current file of each questionnaire, named ``<slug>.yaml``,
and may keep older versions that must stay loadable in its ``previous/`` folder, named
``<slug>.v<version>.yaml``. Beside them sit ``ingredients.yaml`` and at most one measures file
(``kind: measures``), which follows the same naming and version rules as a questionnaire.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from types import MappingProxyType
from typing import Protocol, TypeVar

from valuedcare.caching import Rule, cache
from valuedcare.questionnaire.checks import PREVIOUS_NAMING
from valuedcare.questionnaire.errors import DOCUMENT_PATH, Problem, QuestionnaireError
from valuedcare.questionnaire.ingredients import IngredientSet
from valuedcare.questionnaire.measures import MeasureSet
from valuedcare.questionnaire.parse import (
    locate,
    parse_ingredients,
    parse_kind,
    parse_measures,
    parse_questionnaire,
)
from valuedcare.questionnaire.schema import Item, Questionnaire
from valuedcare.questionnaire.yamldoc import MAX_FILE_BYTES

CANONICAL_DIRECTORY = Path(__file__).resolve().parents[2] / "questionnaires"
INGREDIENTS_FILE = "ingredients.yaml"
#: The ``kind`` of a measures file (outcome measures, not questions).
MEASURES_KIND = "measures"
PREVIOUS_DIRECTORY = "previous"
_PREVIOUS_NAME = re.compile(r"(?P<slug>.+)\.v(?P<version>[1-9][0-9]*)")

_Result = TypeVar("_Result")


class _Named(Protocol):
    """A parsed file named after its slug (and version, in ``previous/``)."""

    @property
    def slug(self) -> str: ...

    @property
    def version(self) -> int: ...


_Document = TypeVar("_Document", bound=_Named)
_Versioned = Questionnaire | MeasureSet
_Signature = tuple[tuple[str, int, int], ...]
_CATALOGUES = cache("questionnaire catalogues", rule=Rule.CONTENT, size=16)


@dataclass(frozen=True)
class Catalogue:
    """The ingredients, every questionnaire (by slug) and the outcome measures (None without a
    measures file) of one questionnaires directory."""

    directory: Path
    ingredients: IngredientSet
    questionnaires: Mapping[str, Questionnaire]
    measures: MeasureSet | None = None


def _refuse(path: Path, message: str, line: int = 1) -> QuestionnaireError:
    return QuestionnaireError([Problem(str(path), line, 1, DOCUMENT_PATH, message)])


def read_file_text(path: Path) -> str:
    """Return a file's UTF-8 text; raise :class:`QuestionnaireError` if it is missing, larger than
    1 MiB (checked before reading it) or not UTF-8."""
    too_large = f"the file is larger than the limit of 1 MiB ({MAX_FILE_BYTES} bytes)"
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            raise _refuse(path, too_large)
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except OSError as error:
        raise _refuse(path, f"cannot read the file: {error.strerror or error}") from None
    if len(data) > MAX_FILE_BYTES:
        raise _refuse(path, too_large)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise _refuse(path, "the file is not valid UTF-8 text", line) from None


def load_ingredients(path: Path) -> IngredientSet:
    """Read and parse an ingredients file; raise :class:`QuestionnaireError` on any problem."""
    return parse_ingredients(read_file_text(path), filename=str(path))


def is_previous(path: Path) -> bool:
    """True for a file kept in a ``previous/`` folder: an older version of a questionnaire."""
    return path.parent.name == PREVIOUS_DIRECTORY


def previous_files(directory: Path) -> list[Path]:
    """The ``*.yaml`` files in ``directory``'s ``previous/`` folder, by name (none without one)."""
    return sorted((Path(directory) / PREVIOUS_DIRECTORY).glob("*.yaml"))


def read_kind(path: Path) -> str | None:
    """The ``kind`` a file declares (``questionnaire``, ``ingredients``, ``measures``...), or None
    when it cannot be read or declares none: its loader then reports why."""
    try:
        return parse_kind(read_file_text(path))
    except QuestionnaireError:
        return None


def _load_named(path: Path, parse: Callable[..., _Document]) -> _Document:
    """Read ``path`` and parse it with ``parse``, checking that its name matches its content.

    A current file is named after its slug (``<slug>.yaml``). A file in a ``previous/`` folder is
    named after its slug and version (``<slug>.v<version>.yaml``).
    """
    text = read_file_text(path)
    if not is_previous(path):
        return parse(text, filename=str(path), expected_slug=path.stem)
    name = _PREVIOUS_NAME.fullmatch(path.stem)
    if name is not None:
        return parse(
            text,
            filename=str(path),
            expected_slug=name["slug"],
            expected_version=int(name["version"]),
        )
    try:
        document = parse(text, filename=str(path))
    except QuestionnaireError as error:
        naming = Problem(str(path), 1, 1, DOCUMENT_PATH, PREVIOUS_NAMING)
        raise QuestionnaireError([*error.problems, naming]) from None
    expected = f"{document.slug}.v{document.version}.yaml"
    message = f"{PREVIOUS_NAMING}, so this file should be called {expected!r}"
    raise QuestionnaireError([locate(text, str(path), ("version",), message)])


def load_questionnaire(path: Path, ingredients: IngredientSet | None = None) -> Questionnaire:
    """Read and parse one questionnaire file, checking that its name matches its content.

    A current file is named after its slug (``<slug>.yaml``). A file in a ``previous/`` folder is
    named after its slug and version (``<slug>.v<version>.yaml``). Raises
    :class:`QuestionnaireError` on any problem.
    """
    return _load_named(path, partial(parse_questionnaire, ingredients=ingredients))


def load_measures(path: Path, ingredients: IngredientSet | None = None) -> MeasureSet:
    """Read and parse a measures file (``kind: measures``), named like a questionnaire file;
    ingredient ids are checked against ``ingredients`` when given. Raises
    :class:`QuestionnaireError` on any problem."""
    return _load_named(path, partial(parse_measures, ingredients=ingredients))


def _load_versioned(path: Path, ingredients: IngredientSet | None) -> _Versioned:
    """Load a questionnaire or, when the file declares ``kind: measures``, a measures file."""
    if read_kind(path) == MEASURES_KIND:
        return load_measures(path, ingredients)
    return load_questionnaire(path, ingredients)


def _attempt(
    problems: list[Problem], load: Callable[..., _Result], *args: object
) -> _Result | None:
    try:
        return load(*args)
    except QuestionnaireError as error:
        problems.extend(error.problems)
        return None


class _Checker:
    """Loads files once each, collecting every problem, including slugs used by two current files,
    two current measures files in one folder, and older versions in ``previous/`` that do not sit
    below a current file of their slug."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._ingredients: dict[Path, IngredientSet | None] = {}
        self._slugs: dict[str, Path] = {}
        self._current: dict[Path, _Versioned | None] = {}
        self._previous: list[tuple[Path, _Versioned]] = []
        self._measures_files: dict[Path, Path] = {}

    def ingredients(self, path: Path) -> IngredientSet | None:
        key = path.resolve()
        if key not in self._ingredients:
            self._ingredients[key] = _attempt(self.problems, load_ingredients, path)
        return self._ingredients[key]

    def versioned(self, path: Path, ingredients: IngredientSet | None) -> _Versioned | None:
        """Load a questionnaire or measures file (by its ``kind``), noting its slug and version."""
        document = _attempt(self.problems, _load_versioned, path, ingredients)
        if is_previous(path):
            if document is not None:
                self._previous.append((path, document))
            return document
        self._current[path.resolve()] = document
        if document is None:
            return None
        first = self._slugs.setdefault(document.slug, path)
        if first != path:
            self._add(path, "slug", f"the slug {document.slug!r} is already used by {first}")
        if isinstance(document, MeasureSet):
            self._one_measures_file(path)
        return document

    def _one_measures_file(self, path: Path) -> None:
        first = self._measures_files.setdefault(path.parent.resolve(), path)
        if first != path:
            message = f"a folder holds one measures file, and {first} is already one"
            self._add(path, "kind", message)

    def _current_file(self, path: Path) -> _Versioned | None:
        """The current file ``path``, loaded quietly if it was not checked itself (its own problems
        are reported when it is checked)."""
        key = path.resolve()
        if key not in self._current:
            self._current[key] = _attempt([], _load_versioned, path, None)
        return self._current[key]

    def check_previous(self) -> None:
        """Every file in ``previous/`` keeps a lower version of a slug whose current file
        (``<slug>.yaml`` in the folder above) exists."""
        for path, older in self._previous:
            current_path = path.parent.parent / f"{older.slug}.yaml"
            if not current_path.is_file():
                message = (
                    f"{older.slug!r} has no current file: a file in {PREVIOUS_DIRECTORY}/ keeps an "
                    f"older version of a questionnaire whose current version is {current_path}"
                )
                self._add(path, "slug", message)
                continue
            current = self._current_file(current_path)
            if current is not None and older.version >= current.version:
                message = (
                    f"a file in {PREVIOUS_DIRECTORY}/ must have a lower version than the current "
                    f"file {current_path}, which is version {current.version}"
                )
                self._add(path, "version", message)

    def check_mirrors(self) -> None:
        """Every ``mirrors`` of a current file names a statement (``measures`` key) of a current
        board questionnaire checked with it, with the same ingredient. Skipped when no board
        questionnaire is among the files checked."""
        board: dict[str, str | None] = {}
        current = {
            path: each for path, each in self._current.items() if isinstance(each, Questionnaire)
        }
        for questionnaire in current.values():
            if questionnaire.lens == "board":
                for item in questionnaire.items():
                    board.setdefault(item.measures or item.id, item.effective_ingredient)
        if not board:
            return
        for path, questionnaire in current.items():
            if questionnaire.lens == "board":
                continue
            for s, section in enumerate(questionnaire.sections):
                for i, item in enumerate(section.items):
                    message = _mirror_problem(item, board)
                    if message is not None:
                        loc = ("sections", s, "items", i, "mirrors")
                        self.problems.append(
                            locate(questionnaire.source_text, str(path), loc, message)
                        )

    def _add(self, path: Path, key: str, message: str) -> None:
        """A problem at the top-level ``key`` of a file already read without problems."""
        self.problems.append(locate(read_file_text(path), str(path), (key,), message))


def _mirror_problem(item: Item, board: dict[str, str | None]) -> str | None:
    """Why ``item``'s ``mirrors`` does not name a board statement of its ingredient, or None."""
    if item.mirrors is None:
        return None
    if item.mirrors not in board:
        return f"{item.mirrors!r} is not a statement of the board questionnaire"
    if board[item.mirrors] != item.effective_ingredient:
        return (
            f"{item.mirrors!r} is a board statement about {board[item.mirrors]!r}, "
            f"not {item.effective_ingredient!r}"
        )
    return None


def _ingredients_source(path: Path) -> Path:
    folder = path.parent.parent if is_previous(path) else path.parent
    beside = folder / INGREDIENTS_FILE
    return beside if beside.is_file() else CANONICAL_DIRECTORY / INGREDIENTS_FILE


def _expand(paths: Sequence[Path], problems: list[Problem]) -> Iterator[Path]:
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            files = [*previous_files(path), *sorted(path.glob("*.yaml"))]
        elif path.exists():
            files = [path]
        else:
            problems.append(Problem(str(path), 1, 1, DOCUMENT_PATH, "no such file or directory"))
            files = []
        for file in files:
            if file.resolve() not in seen:
                seen.add(file.resolve())
                yield file


SAFETY_DIRECTORY = "safety"


def _safety_files(paths: Sequence[Path]) -> list[Path]:
    """The risk-word files of directories (``safety/*.yaml``) and files named among ``paths``."""
    found = []
    for path in paths:
        if path.is_dir():
            found += sorted((path / SAFETY_DIRECTORY).glob("*.yaml"))
        elif path.parent.name == SAFETY_DIRECTORY and path.suffix == ".yaml":
            found.append(path)
    return found


def _risk_word_problems(path: Path) -> list[Problem]:
    from valuedcare.questionnaire.risk_words import parse_risk_words

    try:
        parse_risk_words(read_file_text(path), filename=str(path))
    except QuestionnaireError as error:
        return list(error.problems)
    return []


def readability_warnings(paths: Sequence[Path]) -> list[Problem]:
    """Statements above the ``reading_age`` their questionnaire states, in the current files of
    ``paths`` (older versions in ``previous/`` cannot change, so they are not checked). Files
    with errors are skipped: ``validate_paths`` reports those."""
    from valuedcare.questionnaire.readability import readability_problems

    warnings: list[Problem] = []
    for path in _expand([Path(each) for each in paths], []):
        if path.name == INGREDIENTS_FILE or is_previous(path):
            continue
        if path.parent.name == SAFETY_DIRECTORY:
            continue
        if read_kind(path) == MEASURES_KIND:
            continue
        questionnaire = _attempt([], load_questionnaire, path, None)
        if questionnaire is not None:
            warnings += readability_problems(questionnaire, str(path))
    return sorted(warnings)


def validate_paths(paths: Sequence[Path]) -> list[Problem]:
    """Validate questionnaire, ingredients and measures files, or the ``*.yaml`` files of
    directories and of their ``previous/`` folders. A file declaring ``kind: measures`` is checked
    as a measures file; a folder holds at most one.

    A questionnaire's ingredients come from ``ingredients.yaml`` beside it (beside the folder above,
    for a file in ``previous/``), or else from the repository's ``questionnaires/ingredients.yaml``.
    Slugs must be unique across the current files. A file in ``previous/`` must be named
    ``<slug>.v<version>.yaml``, and its version must be lower than that of the current file of its
    slug, which must exist. Returns every problem found, sorted by file and line (empty when all
    is well).
    """
    checker = _Checker()
    given = [Path(each) for each in paths]
    safety = {path.resolve() for path in _safety_files(given)}
    for path in _safety_files(given):
        checker.problems += _risk_word_problems(path)
    for path in _expand(given, checker.problems):
        if path.resolve() in safety:
            continue
        if path.name == INGREDIENTS_FILE:
            checker.ingredients(path)
        else:
            checker.versioned(path, checker.ingredients(_ingredients_source(path)))
    checker.check_previous()
    checker.check_mirrors()
    return sorted(checker.problems)


def _signature(directory: Path) -> _Signature:
    stats = ((path.name, path.stat()) for path in sorted(directory.glob("*.yaml")))
    return tuple((name, stat.st_mtime_ns, stat.st_size) for name, stat in stats)


def _read_catalogue(directory: Path) -> Catalogue:
    checker = _Checker()
    ingredients = checker.ingredients(directory / INGREDIENTS_FILE)
    questionnaires: dict[str, Questionnaire] = {}
    measures = None
    for path in sorted(directory.glob("*.yaml")):
        if path.name != INGREDIENTS_FILE:
            document = checker.versioned(path, ingredients)
            if isinstance(document, Questionnaire):
                questionnaires[document.slug] = document
            elif document is not None:
                measures = document
    if checker.problems or ingredients is None:
        raise QuestionnaireError(checker.problems)
    return Catalogue(directory, ingredients, MappingProxyType(questionnaires), measures)


def load_catalogue(directory: Path = CANONICAL_DIRECTORY) -> Catalogue:
    """Load ``ingredients.yaml``, every other ``*.yaml`` questionnaire in ``directory`` and its
    measures file if it has one: the current version of each (older versions in ``previous/`` are
    not read).

    Results are cached until a file in the directory is added, removed or changed (by name,
    modification time and size). Raises :class:`QuestionnaireError` listing every problem found.
    """
    directory = Path(directory)
    signature = _signature(directory)
    return _CATALOGUES.get_or_build(
        (directory.resolve(), signature), lambda: _read_catalogue(directory)
    )
