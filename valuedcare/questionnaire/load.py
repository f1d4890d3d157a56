"""Reading questionnaire files from disk: the only I/O in this package.

Each file is opened, size-checked and decoded here, then handed to the pure parsers in ``parse``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import MappingProxyType
from typing import TypeVar

from valuedcare.caching import Rule, cache
from valuedcare.questionnaire.errors import DOCUMENT_PATH, Problem, QuestionnaireError
from valuedcare.questionnaire.ingredients import IngredientSet
from valuedcare.questionnaire.parse import locate, parse_ingredients, parse_questionnaire
from valuedcare.questionnaire.schema import Questionnaire
from valuedcare.questionnaire.yamldoc import MAX_FILE_BYTES

CANONICAL_DIRECTORY = Path(__file__).resolve().parents[2] / "questionnaires"
INGREDIENTS_FILE = "ingredients.yaml"

_Result = TypeVar("_Result")
_Signature = tuple[tuple[str, int, int], ...]
_CATALOGUES = cache("questionnaire catalogues", rule=Rule.CONTENT, size=16)


@dataclass(frozen=True)
class Catalogue:
    """The ingredients and every questionnaire (by slug) of one questionnaires directory."""

    directory: Path
    ingredients: IngredientSet
    questionnaires: Mapping[str, Questionnaire]


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


def load_questionnaire(path: Path, ingredients: IngredientSet | None = None) -> Questionnaire:
    """Read and parse one questionnaire file, whose slug must equal its name without ``.yaml``.

    Raises :class:`QuestionnaireError` on any problem.
    """
    text = read_file_text(path)
    return parse_questionnaire(
        text, filename=str(path), ingredients=ingredients, expected_slug=path.stem
    )


def _attempt(
    problems: list[Problem], load: Callable[..., _Result], *args: object
) -> _Result | None:
    try:
        return load(*args)
    except QuestionnaireError as error:
        problems.extend(error.problems)
        return None


class _Checker:
    """Loads files once each, collecting every problem, including slugs used by two files."""

    def __init__(self) -> None:
        self.problems: list[Problem] = []
        self._ingredients: dict[Path, IngredientSet | None] = {}
        self._slugs: dict[str, Path] = {}

    def ingredients(self, path: Path) -> IngredientSet | None:
        key = path.resolve()
        if key not in self._ingredients:
            self._ingredients[key] = _attempt(self.problems, load_ingredients, path)
        return self._ingredients[key]

    def questionnaire(self, path: Path, ingredients: IngredientSet | None) -> Questionnaire | None:
        questionnaire = _attempt(self.problems, load_questionnaire, path, ingredients)
        if questionnaire is None:
            return None
        first = self._slugs.setdefault(questionnaire.slug, path)
        if first != path:
            message = f"the slug {questionnaire.slug!r} is already used by {first}"
            self.problems.append(locate(questionnaire.source_text, str(path), ("slug",), message))
        return questionnaire


def _ingredients_source(path: Path) -> Path:
    beside = path.parent / INGREDIENTS_FILE
    return beside if beside.is_file() else CANONICAL_DIRECTORY / INGREDIENTS_FILE


def _expand(paths: Sequence[Path], problems: list[Problem]) -> Iterator[Path]:
    seen: set[Path] = set()
    for path in paths:
        if path.is_dir():
            files = sorted(path.glob("*.yaml"))
        elif path.exists():
            files = [path]
        else:
            problems.append(Problem(str(path), 1, 1, DOCUMENT_PATH, "no such file or directory"))
            files = []
        for file in files:
            if file.resolve() not in seen:
                seen.add(file.resolve())
                yield file


def validate_paths(paths: Sequence[Path]) -> list[Problem]:
    """Validate questionnaire and ingredients files, or the ``*.yaml`` files of directories.

    A questionnaire's ingredients come from ``ingredients.yaml`` beside it, or else from the
    repository's ``questionnaires/ingredients.yaml``. Slugs must be unique across all the files.
    Returns every problem found, sorted by file and line (empty when all is well).
    """
    checker = _Checker()
    for path in _expand([Path(each) for each in paths], checker.problems):
        if path.name == INGREDIENTS_FILE:
            checker.ingredients(path)
        else:
            checker.questionnaire(path, checker.ingredients(_ingredients_source(path)))
    return sorted(checker.problems)


def _signature(directory: Path) -> _Signature:
    stats = ((path.name, path.stat()) for path in sorted(directory.glob("*.yaml")))
    return tuple((name, stat.st_mtime_ns, stat.st_size) for name, stat in stats)


def _read_catalogue(directory: Path) -> Catalogue:
    checker = _Checker()
    ingredients = checker.ingredients(directory / INGREDIENTS_FILE)
    questionnaires: dict[str, Questionnaire] = {}
    for path in sorted(directory.glob("*.yaml")):
        if path.name != INGREDIENTS_FILE:
            questionnaire = checker.questionnaire(path, ingredients)
            if questionnaire is not None:
                questionnaires[questionnaire.slug] = questionnaire
    if checker.problems or ingredients is None:
        raise QuestionnaireError(checker.problems)
    return Catalogue(directory, ingredients, MappingProxyType(questionnaires))


def load_catalogue(directory: Path = CANONICAL_DIRECTORY) -> Catalogue:
    """Load ``ingredients.yaml`` and every other ``*.yaml`` questionnaire in ``directory``.

    Results are cached until a file in the directory is added, removed or changed (by name,
    modification time and size). Raises :class:`QuestionnaireError` listing every problem found.
    """
    directory = Path(directory)
    signature = _signature(directory)
    return _CATALOGUES.get_or_build(
        (directory.resolve(), signature), lambda: _read_catalogue(directory)
    )
