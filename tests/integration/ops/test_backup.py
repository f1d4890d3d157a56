"""Backup and restore: every row of every table survives the round trip, ids and all."""

from __future__ import annotations

import gzip
import json
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import JSON, Text, cast, func, insert, null, select

from valuedcare.cli import backup as backup_cli
from valuedcare.data import backup
from valuedcare.data.demo import seed_demo
from valuedcare.demo import DemoParameters
from valuedcare.extensions import db as database


def _seed_every_table(db, factories) -> None:
    """Demo trusts with scored responses, plus a row in each table the demo leaves empty."""
    from valuedcare.models import (
        Answer,
        ApiToken,
        AuditEvent,
        BoardPaperCover,
        Invitation,
        InvitationRecipient,
        MeasureUpload,
        MeasureValueHistory,
        Organisation,
        OutboxMessage,
        Response,
        UnusedLink,
        UserSession,
    )

    seed_demo(DemoParameters(trusts=2, cycles=2, respondents=6, seed=7), as_of=date(2026, 12, 1))
    organisation = db.session.scalars(select(Organisation).order_by(Organisation.id)).first()
    assessment = factories.assessment(organisation=organisation)
    user = factories.user(
        organisation,
        role="organisation_admin",
        password_hash="$argon2id$v=19$m=65536,t=3,p=4$c2FsdA$aGFzaA",
        last_sign_in_at=datetime(2026, 11, 30, 9, 15, 30, 123456, tzinfo=UTC),
    )
    replacing = MeasureUpload(
        organisation_id=organisation.id,
        user_id=user.id,
        filename="values.csv",
        status="confirmed",
        measure_set_version=1,
        rows=[],
    )
    db.session.add(replacing)
    db.session.flush()
    db.session.add_all(
        [
            MeasureValueHistory(
                organisation_id=organisation.id,
                measure="length_of_stay",
                team="North locality",
                month=date(2026, 1, 1),
                value=31.5,
                replaced_by_id=replacing.id,
            ),
            ApiToken(user_id=user.id, name="Power BI", prefix="vc_ab12", token_hash="a" * 64),
            BoardPaperCover(
                assessment_id=assessment.id,
                meeting="Trust board meeting in public",
                meeting_on=date(2027, 5, 14),
                purpose="note",
                recommendation="Note the results – and “agree” the plan.\nSecond line.",
                assurance="moderate",
                updated_by_id=user.id,
                updated_at=datetime(2026, 12, 1, 10, 0, tzinfo=UTC),
            ),
            UserSession(
                user_id=user.id,
                key_hash="d" * 64,
                ended_at=datetime(2026, 11, 30, 9, 45, tzinfo=UTC),
            ),
            AuditEvent(
                actor_id=user.id,
                actor_label=user.email,
                action="cycle_opened",
                organisation_id=organisation.id,
                detail={"label": "2026/27", "nested": [1, 2.5, None, "é"]},
            ),
        ]
    )
    version = factories.questionnaire_version("experts-by-experience")
    invitation = Invitation(
        assessment_id=assessment.id,
        questionnaire_version_id=version.id,
        lens="experts_by_experience",
        kind="anonymous",
        label="Service user forum",
        team="Crisis team",
        token_hash="b" * 64,
        created_by_id=user.id,
    )
    db.session.add(invitation)
    db.session.flush()
    recipient = InvitationRecipient(
        invitation_id=invitation.id, channel="email", address="forum@example.org", nonce="n" * 32
    )
    db.session.add(recipient)
    db.session.flush()
    db.session.add(
        UnusedLink(token_hash="d" * 64, recipient_id=recipient.id, invitation_id=invitation.id)
    )
    db.session.add(
        OutboxMessage(
            reference="anonymous-invitation:1",
            organisation_id=organisation.id,
            recipient_id=recipient.id,
            channel="email",
            template="anonymous_invitation",
            recipient="forum@example.org",
            personalisation={"link": "https://example.org/r/1d"},
            status="queued",
            attempts=0,
        )
    )
    draft = Response(
        assessment_id=assessment.id,
        invitation_id=invitation.id,
        questionnaire_version_id=version.id,
        lens="experts_by_experience",
        team="Crisis team",
        status="draft",
        resume_code_hash="c" * 64,
    )
    db.session.add(draft)
    db.session.flush()
    db.session.add(Answer(response_id=draft.id, item_id="json_null", value=None, not_known=True))
    db.session.execute(
        insert(Answer).values(response_id=draft.id, item_id="sql_null", value=null(), score=2.75)
    )
    db.session.commit()


def _cli(target, *args: str):
    """Run ``flask backup ...`` in the application context of ``target``, so on its database."""
    with target.app_context():
        return target.test_cli_runner().invoke(backup_cli.group, args=list(args))


def _every_row(engine) -> dict[str, list[tuple]]:
    rows = {}
    with engine.connect() as connection:
        for table in backup.tables():
            columns = [cast(c, Text) if isinstance(c.type, JSON) else c for c in table.columns]
            statement = select(*columns).order_by(*table.primary_key.columns)
            rows[table.name] = [tuple(row) for row in connection.execute(statement)]
    return rows


@pytest.fixture
def backup_file(app, db, factories, tmp_path):
    _seed_every_table(db, factories)
    path = tmp_path / "valuedcare.jsonl.gz"
    result = _cli(app, "create", str(path))
    assert result.exit_code == 0, result.output
    assert "Backed up" in result.output
    return path


def test_a_backup_restores_every_row_of_every_table(app, db, backup_file, restore_app):
    original = _every_row(database.engine)
    assert all(original.values()), [name for name, rows in original.items() if not rows]
    answers = {row[2]: row[3] for row in original["answers"] if row[2] in {"json_null", "sql_null"}}
    assert answers == {"json_null": "null", "sql_null": None}

    result = _cli(restore_app, "restore", str(backup_file))

    assert result.exit_code == 0, result.output
    with restore_app.app_context():
        restored = _every_row(database.engine)
    generations = (original.pop("score_generations"), restored.pop("score_generations"))
    assert restored == original
    # Every cycle's generation is raised, so no process reuses figures cached before the restore.
    before, after = ({cycle: n for cycle, n in rows} for rows in generations)
    assert before.keys() <= after.keys()
    assert all(after[cycle] > before.get(cycle, 0) for cycle in after)


def test_new_records_after_a_restore_get_new_ids(app, db, backup_file, restore_app):
    from valuedcare.models import AuditEvent, Organisation

    highest = db.session.scalar(select(func.max(Organisation.id)))
    _cli(restore_app, "restore", str(backup_file))

    with restore_app.app_context():
        organisation = Organisation(code="NEW01", name="New Trust", region="X", peer_group="Y")
        database.session.add(organisation)
        database.session.add(AuditEvent(action="restored", actor_label="", detail={}))
        database.session.commit()
        assert organisation.id > highest


def test_a_restore_into_a_database_with_rows_is_refused_unless_forced(
    app, db, backup_file, restore_app
):
    assert _cli(restore_app, "restore", str(backup_file)).exit_code == 0

    refused = _cli(restore_app, "restore", str(backup_file))
    forced = _cli(restore_app, "restore", "--force", str(backup_file))

    assert refused.exit_code == 1
    assert "Nothing was restored" in refused.output
    assert "The database is not empty" in refused.output
    assert forced.exit_code == 0, forced.output
    with restore_app.app_context():
        restored = _every_row(database.engine)
    original = _every_row(db.engine)
    # Generations are raised by a restore (see the test above); every other row is as it was.
    restored.pop("score_generations"), original.pop("score_generations")
    assert restored == original


def _rewrite(path, change) -> None:
    with gzip.open(path, "rt", encoding="utf-8") as source:
        lines = source.read().splitlines()
    with gzip.open(path, "wt", encoding="utf-8") as target:
        target.write("\n".join(change(lines)) + "\n")


def test_a_backup_from_another_schema_revision_is_refused(app, db, backup_file, restore_app):
    def older(lines: list[str]) -> list[str]:
        header = json.loads(lines[0])
        header["revision"] = "0000"
        return [json.dumps(header), *lines[1:]]

    _rewrite(backup_file, older)

    result = _cli(restore_app, "restore", str(backup_file))

    assert result.exit_code == 1
    assert "made at schema revision 0000" in result.output
    assert "flask db upgrade 0000" in result.output
    with restore_app.app_context():
        assert not any(_every_row(database.engine).values())


def test_a_truncated_backup_is_refused_and_nothing_is_written(app, db, backup_file, restore_app):
    _rewrite(backup_file, lambda lines: lines[: len(lines) // 2])

    result = _cli(restore_app, "restore", str(backup_file))

    assert result.exit_code == 1
    assert "incomplete" in result.output
    with restore_app.app_context():
        assert not any(_every_row(database.engine).values())


def test_the_backup_file_is_readable_by_its_owner_only(backup_file):
    assert backup_file.stat().st_mode & 0o077 == 0
    assert not backup_file.with_name(backup_file.name + ".partial").exists()


def test_a_backup_of_an_unmigrated_database_is_refused(tmp_path):
    from valuedcare import create_app
    from valuedcare.config import TestConfig

    empty = create_app(TestConfig(f"sqlite:///{tmp_path}/empty.db"))
    result = _cli(empty, "create", str(tmp_path / "b.gz"))

    assert result.exit_code == 1
    assert "flask db upgrade" in result.output
