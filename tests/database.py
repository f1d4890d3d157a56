"""Test helpers: load the questionnaires once, and empty the database between tests."""

from __future__ import annotations

from pathlib import Path

from flask import current_app
from sqlalchemy import delete, func, select

from valuedcare.extensions import db
from valuedcare.models import Base, QuestionnaireVersion

_reference: dict[str, int] = {}


def load_repository_questionnaires() -> None:
    """Load ``questionnaires/`` as ``flask questionnaires load`` would, and commit."""
    from valuedcare.data.questionnaires import store_questionnaire_directory

    store_questionnaire_directory(Path(current_app.config["QUESTIONNAIRE_DIR"]))
    db.session.commit()


def remember_reference_data() -> None:
    """Questionnaire versions loaded so far are kept when the database is emptied."""
    _reference["questionnaire_versions"] = (
        db.session.scalar(select(func.max(QuestionnaireVersion.id))) or 0
    )


def empty_database() -> None:
    """Delete every row written by a test, children first, keeping the reference data."""
    for table in reversed(Base.metadata.sorted_tables):
        statement = delete(table)
        if table.name == "questionnaire_versions":
            statement = statement.where(table.c.id > _reference.get(table.name, 0))
        db.session.execute(statement)
    db.session.commit()
    # Cache keys hold row ids and generations, which start again in an emptied database.
    from valuedcare.caching import clear_all

    clear_all()
