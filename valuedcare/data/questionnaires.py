"""Stored questionnaire versions: load from YAML once, immutable afterwards.

The same table keeps the ingredients (kind ``ingredients``) and the outcome measures (kind
``measures``). The measures are not a questionnaire: the functions that list or pick
questionnaire versions leave them out, and ``get_measures``/``get_measure_set`` read them.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select

from valuedcare.caching import Rule, memoize
from valuedcare.data.records import QuestionnaireVersionRecord, StoreOutcome
from valuedcare.extensions import db
from valuedcare.models import QuestionnaireVersion
from valuedcare.questionnaire import (
    INGREDIENTS_FILE,
    MEASURES_KIND,
    IngredientSet,
    MeasureSet,
    Questionnaire,
    parse_ingredients,
    parse_kind,
    parse_measures,
    parse_questionnaire,
    previous_files,
)

#: Stored rows that are questionnaires (or the ingredients), leaving out the measures.
_NOT_MEASURES = QuestionnaireVersion.kind != MEASURES_KIND


def store_version(
    *,
    slug: str,
    version: int,
    kind: str,
    title: str,
    lens: str | None,
    content_hash: str,
    source: str,
) -> StoreOutcome:
    """Store one questionnaire version; an existing version must have the same content hash."""
    existing = db.session.scalars(
        select(QuestionnaireVersion).filter_by(slug=slug, version=version)
    ).first()
    if existing is None:
        db.session.add(
            QuestionnaireVersion(
                slug=slug,
                version=version,
                kind=kind,
                title=title,
                lens=lens,
                content_hash=content_hash,
                source=source,
            )
        )
        db.session.flush()
        return StoreOutcome(slug, version, "added", f"{slug} version {version} stored")
    if existing.content_hash == content_hash:
        return StoreOutcome(slug, version, "unchanged", f"{slug} version {version} unchanged")
    return StoreOutcome(
        slug,
        version,
        "refused",
        f"{slug} version {version} is already stored with different content: raise 'version' "
        f"in the file to {_next_version(slug)} to publish these changes",
    )


def _next_version(slug: str) -> int:
    versions = db.session.scalars(select(QuestionnaireVersion.version).filter_by(slug=slug))
    return max(versions, default=0) + 1


def _version_record(row: QuestionnaireVersion) -> QuestionnaireVersionRecord:
    return QuestionnaireVersionRecord(
        id=row.id,
        slug=row.slug,
        version=row.version,
        kind=row.kind,
        title=row.title,
        lens=row.lens,
        content_hash=row.content_hash,
        source=row.source,
        loaded_at=row.loaded_at,
    )


def get_latest_version(slug: str) -> QuestionnaireVersionRecord | None:
    """The newest stored version of the questionnaire (or ingredients) ``slug``; None for the
    measures, which ``get_measures`` reads."""
    row = db.session.scalars(
        select(QuestionnaireVersion)
        .filter_by(slug=slug)
        .where(_NOT_MEASURES)
        .order_by(QuestionnaireVersion.version.desc())
    ).first()
    return None if row is None else _version_record(row)


def get_version(version_id: int) -> QuestionnaireVersionRecord | None:
    row = db.session.get(QuestionnaireVersion, version_id)
    return None if row is None else _version_record(row)


def latest_version_id() -> int:
    """The id of the newest stored questionnaire version (of any slug): loading a version
    changes it, so it keys anything built from questionnaire wording. Loading measures does
    not."""
    newest = select(func.max(QuestionnaireVersion.id)).where(_NOT_MEASURES)
    return int(db.session.scalar(newest) or 0)


def list_versions() -> list[QuestionnaireVersionRecord]:
    """Every stored questionnaire (and ingredients) version, by slug and version; not the
    measures."""
    rows = db.session.scalars(
        select(QuestionnaireVersion)
        .where(_NOT_MEASURES)
        .order_by(QuestionnaireVersion.slug, QuestionnaireVersion.version)
    )
    return [_version_record(row) for row in rows]


def get_latest_definition(slug: str) -> Questionnaire | None:
    """The parsed latest version of ``slug``, or None when none is stored."""
    found = get_latest_questionnaire(slug)
    return None if found is None else found[1]


def get_questionnaire(version_id: int) -> Questionnaire:
    """The parsed definition of a stored version (cached: stored versions never change)."""
    row = get_version(version_id)
    if row is None:
        raise LookupError(f"no questionnaire version {version_id}")
    return _parse_cached(row.id, row.content_hash, row.source, row.slug)


def get_latest_questionnaire(
    slug: str,
) -> tuple[QuestionnaireVersionRecord, Questionnaire] | None:
    row = get_latest_version(slug)
    if row is None:
        return None
    return row, _parse_cached(row.id, row.content_hash, row.source, row.slug)


@memoize("parsed questionnaire versions", rule=Rule.CONTENT, size=64)
def _parse_cached(version_id: int, content_hash: str, source: str, slug: str) -> Questionnaire:
    ingredients_row = get_latest_version("ingredients")
    ingredients = (
        parse_ingredients(ingredients_row.source, filename="ingredients.yaml")
        if ingredients_row
        else None
    )
    return parse_questionnaire(source, filename=f"{slug}.yaml", ingredients=ingredients)


def _read(path: Path) -> tuple[str, str]:
    """A file's text and the SHA-256 hash of its bytes."""
    raw = path.read_bytes()
    return raw.decode("utf-8"), hashlib.sha256(raw).hexdigest()


@dataclass(frozen=True)
class _Parsed:
    """A questionnaire or measures file, parsed and ready to store."""

    slug: str
    version: int
    kind: str
    title: str
    lens: str | None
    content_hash: str
    source: str

    def store(self) -> StoreOutcome:
        return store_version(
            slug=self.slug,
            version=self.version,
            kind=self.kind,
            title=self.title,
            lens=self.lens,
            content_hash=self.content_hash,
            source=self.source,
        )


def _parse_file(path: Path, ingredients: IngredientSet | None) -> _Parsed:
    """Parse a questionnaire file or, when it declares ``kind: measures``, a measures file."""
    source, content_hash = _read(path)
    if parse_kind(source) == MEASURES_KIND:
        measures = parse_measures(source, filename=path.name, ingredients=ingredients)
        return _Parsed(
            measures.slug,
            measures.version,
            MEASURES_KIND,
            measures.title,
            None,
            content_hash,
            source,
        )
    questionnaire = parse_questionnaire(source, filename=path.name, ingredients=ingredients)
    return _Parsed(
        questionnaire.slug,
        questionnaire.version,
        "questionnaire",
        questionnaire.title,
        questionnaire.lens,
        content_hash,
        source,
    )


def store_questionnaire_directory(directory: Path) -> list[StoreOutcome]:
    """Store every YAML file of a validated directory: the ingredients first, then the older
    versions kept in ``previous/`` (oldest version first), then the current questionnaires and
    measures file, so that the newest stored version of each slug is its current file. The
    measures file is stored with kind ``measures``."""
    files = sorted(directory.glob("*.yaml"), key=lambda p: (p.stem != "ingredients", p.name))
    ingredients = None
    outcomes = []
    if files and files[0].stem == "ingredients":
        source, content_hash = _read(files.pop(0))
        ingredients = parse_ingredients(source, filename=INGREDIENTS_FILE)
        outcomes.append(
            store_version(
                slug="ingredients",
                version=ingredients.version,
                kind="ingredients",
                title="Ingredients of the model",
                lens=None,
                content_hash=content_hash,
                source=source,
            )
        )
    older = [_parse_file(path, ingredients) for path in previous_files(directory)]
    older.sort(key=lambda parsed: (parsed.slug, parsed.version))
    outcomes += [parsed.store() for parsed in older]
    outcomes += [_parse_file(path, ingredients).store() for path in files]
    return outcomes


def get_ingredients() -> IngredientSet:
    """The stored ingredients (latest version), in model order."""
    row = get_latest_version("ingredients")
    if row is None:
        raise LookupError("the ingredients are not loaded: run 'flask questionnaires load'")
    return _parse_ingredients_cached(row.content_hash, row.source)


@memoize("parsed ingredients", rule=Rule.CONTENT, size=8)
def _parse_ingredients_cached(content_hash: str, source: str) -> IngredientSet:
    return parse_ingredients(source, filename="ingredients.yaml")


def get_measures() -> MeasureSet | None:
    """The outcome measures of the newest stored measures file, or None when none is loaded."""
    row = db.session.scalars(
        select(QuestionnaireVersion)
        .filter_by(kind=MEASURES_KIND)
        .order_by(QuestionnaireVersion.version.desc(), QuestionnaireVersion.id.desc())
    ).first()
    return None if row is None else _parse_measures_cached(row.content_hash, row.source)


def get_measure_set(version: int) -> MeasureSet | None:
    """The outcome measures of stored measures version ``version``, or None when it is not
    stored."""
    row = db.session.scalars(
        select(QuestionnaireVersion)
        .filter_by(kind=MEASURES_KIND, version=version)
        .order_by(QuestionnaireVersion.id.desc())
    ).first()
    return None if row is None else _parse_measures_cached(row.content_hash, row.source)


@memoize("parsed measures", rule=Rule.CONTENT, size=8)
def _parse_measures_cached(content_hash: str, source: str) -> MeasureSet:
    return parse_measures(source, filename="outcome-measures.yaml")
