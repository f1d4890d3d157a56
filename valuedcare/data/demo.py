"""Write fictional demonstration data in bulk (used by ``flask demo seed``)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta

import numpy as np
import pandas as pd
from sqlalchemy import func, insert, select, text

from valuedcare.data.generations import scores_changed
from valuedcare.data.questionnaires import get_latest_questionnaire, get_measures
from valuedcare.data.records import ACTION_STATUSES, DemoAccess, SeedSummary
from valuedcare.data.releases import is_released
from valuedcare.demo import (
    DemoOrganisation,
    DemoParameters,
    cycle_labels,
    generate_lens_answers,
    make_organisations,
    plan_respondents,
)
from valuedcare.demo.generate import LENS_BIAS, TEAMS, TRAJECTORIES
from valuedcare.demo.measures import demo_months, demo_series
from valuedcare.demo.plans import plan_actions
from valuedcare.extensions import db
from valuedcare.models import (
    Action,
    ActionUpdate,
    Answer,
    Assessment,
    Cycle,
    FreeTextReview,
    MeasureUpload,
    MeasureValue,
    Organisation,
    Response,
    ResponseScore,
)
from valuedcare.models.base import table_of
from valuedcare.questionnaire import Questionnaire
from valuedcare.scoring import score_responses
from valuedcare.scoring.columns import ANONYMOUS_LENSES, INGREDIENT_ORDER

LENS_SLUGS = {
    "board": "board-self-assessment",
    "experts_by_experience": "experts-by-experience",
    "partner": "partner-feedback",
}


class DemoError(RuntimeError):
    """The demo data cannot be written (for example, questionnaires are not loaded)."""


def has_organisations() -> bool:
    return (db.session.scalar(select(func.count(Organisation.id))) or 0) > 0


def units_of_work(parameters: DemoParameters) -> int:
    """How many (organisation, cycle) batches a seed writes: the progress bar's length."""
    return parameters.trusts * parameters.cycles


def seed_demo(
    parameters: DemoParameters,
    *,
    as_of: date,
    progress: Callable[[int], None] = lambda _: None,
) -> SeedSummary:
    """Create fictional trusts, cycles and submitted responses with their stored scores."""
    versions = _questionnaires()
    rng = np.random.default_rng(parameters.seed)
    start_year = as_of.year if as_of.month >= 4 else as_of.year - 1
    cycles = [
        _get_or_create_cycle(label, i == parameters.cycles - 1)
        for i, label in enumerate(cycle_labels(parameters.cycles, last_start_year=start_year))
    ]
    organisations = [_create_organisation(o) for o in make_organisations(parameters.trusts, rng)]
    db.session.flush()
    first_response_id = (db.session.scalar(select(func.max(Response.id))) or 0) + 1
    writer = _BulkWriter(next_response_id=first_response_id)
    for demo_org, organisation in organisations:
        for index, cycle in enumerate(cycles):
            assessment = Assessment(organisation_id=organisation.id, cycle_id=cycle.id)
            db.session.add(assessment)
            db.session.flush()
            maturity = np.array(demo_org.maturity) + TRAJECTORIES[demo_org.trajectory] * index
            plan = plan_respondents(parameters.respondents, few_experts=demo_org.few_experts)
            for lens, count in plan.items():
                version_id, questionnaire = versions[lens]
                centre = np.clip(maturity + LENS_BIAS[lens], 1.0, 5.0)
                generated = generate_lens_answers(
                    questionnaire,
                    ingredient_ids=list(INGREDIENT_ORDER),
                    centre=centre,
                    n=count,
                    rng=rng,
                )
                writer.add(
                    generated, questionnaire, version_id, lens, assessment, cycle, organisation
                )
            writer.flush()
            progress(1)
    writer.finish()
    _review_comments(first_response_id, versions)
    _seed_plans(organisations, cycles, versions["board"][1], parameters.seed, as_of)
    _seed_measures(organisations, parameters.seed, as_of)
    return SeedSummary(len(organisations), len(cycles), writer.responses, writer.answers)


def _review_comments(
    first_response_id: int, versions: dict[str, tuple[int, Questionnaire]]
) -> None:
    """Approve the released comments of the new responses as a lead would, except every fifth,
    which waits for review so that the review page has something to show."""
    text_items = {
        version_id: {item.id for item in questionnaire.items() if item.kind.free_text}
        for version_id, questionnaire in versions.values()
    }
    rows = db.session.execute(
        select(
            Answer.id,
            Answer.item_id,
            Answer.value,
            Answer.comment,
            Response.questionnaire_version_id,
        )
        .join(Response, Response.id == Answer.response_id)
        .where(
            Response.id >= first_response_id,
            Response.lens.in_(ANONYMOUS_LENSES),
            Response.released_at.is_not(None),
        )
        .order_by(Answer.id)
    ).all()
    reviews = []
    for row in rows:
        texts = [("comment", row.comment)]
        if row.item_id in text_items.get(row.questionnaire_version_id, set()):
            texts.append(("value", row.value))
        for field, written in texts:
            if isinstance(written, str) and written.strip() and (row.id + len(field)) % 5:
                reviews.append(
                    {
                        "answer_id": row.id,
                        "field": field,
                        "status": "approved",
                        "shown_text": written.strip(),
                        "reviewed_at": datetime.now(UTC),
                    }
                )
    if reviews:
        db.session.execute(insert(table_of(FreeTextReview)), reviews)


def _seed_plans(
    organisations: list[tuple[DemoOrganisation, Organisation]],
    cycles: list[Cycle],
    board: Questionnaire,
    seed: int,
    as_of: date,
) -> None:
    """An improvement plan for each demonstration trust (``valuedcare.demo.plans``), from its own
    random stream so that the answers seeded before stay the same."""
    rng = np.random.default_rng([seed, 10])
    statements: dict[str, list[str]] = {}
    for item in board.items():
        if item.type == "maturity" and item.effective_ingredient:
            statements.setdefault(item.effective_ingredient, []).append(item.id)
    assessments = {
        (row.organisation_id, row.cycle_id): row.id
        for row in db.session.execute(
            select(Assessment.id, Assessment.organisation_id, Assessment.cycle_id).where(
                Assessment.organisation_id.in_([org.id for _, org in organisations])
            )
        )
    }
    starts = [cycle.opens_on for cycle in cycles]
    for demo_org, organisation in organisations:
        made = plan_actions(
            demo_org.maturity, list(INGREDIENT_ORDER), statements, starts, rng=rng, as_of=as_of
        )
        for demo in made:
            agreed = datetime.combine(demo.agreed_on, datetime.min.time(), tzinfo=UTC)
            last = agreed + timedelta(days=demo.updates[-1].days_after) if demo.updates else agreed
            action = Action(
                organisation_id=organisation.id,
                assessment_id=assessments[(organisation.id, cycles[demo.cycle_index].id)],
                ingredient=demo.ingredient,
                statements=list(demo.statements),
                text=demo.text,
                owner_role=demo.owner_role,
                due_on=demo.due_on,
                status=demo.status,
                target_level=demo.target_level,
                revision=1 + len(demo.updates),
                created_at=agreed,
                updated_at=last,
            )
            action.updates.append(
                ActionUpdate(status="not_started", changes="Action agreed", created_at=agreed)
            )
            previous = "not_started"
            for update in demo.updates:
                action.updates.append(
                    ActionUpdate(
                        status=update.status,
                        note=update.note,
                        changes=None
                        if update.status == previous
                        else f"Status: {ACTION_STATUSES[previous]} to "
                        f"{ACTION_STATUSES[update.status]}",
                        created_at=agreed + timedelta(days=update.days_after),
                    )
                )
                previous = update.status
            db.session.add(action)
    db.session.flush()


def _seed_measures(
    organisations: list[tuple[DemoOrganisation, Organisation]], seed: int, as_of: date
) -> None:
    """36 months of each outcome measure for each team of each demonstration trust
    (``valuedcare.demo.measures``), from its own random stream; one team of each trust stands out.
    Nothing when the measures file is not loaded."""
    measure_set = get_measures()
    if measure_set is None:
        return
    rng = np.random.default_rng([seed, 20])
    months = demo_months(as_of)
    confirmed = datetime.combine(as_of, datetime.min.time(), tzinfo=UTC)
    for index, (_, organisation) in enumerate(organisations):
        upload = MeasureUpload(
            organisation_id=organisation.id,
            filename="Demonstration data (fictional)",
            status="confirmed",
            measure_set_version=measure_set.version,
            rows=[],
            created_at=confirmed,
            confirmed_at=confirmed,
        )
        db.session.add(upload)
        db.session.flush()
        series = demo_series(
            list(measure_set), TEAMS, months, rng, standout_team=TEAMS[index % len(TEAMS)]
        )
        db.session.execute(
            insert(MeasureValue),
            [
                {
                    "organisation_id": organisation.id,
                    "measure": each.measure,
                    "team": each.team,
                    "month": each.month,
                    "value": each.value,
                    "numerator": each.numerator,
                    "denominator": each.denominator,
                    "upload_id": upload.id,
                }
                for each in series
            ],
        )
        upload.added = len(series)
    db.session.flush()


def _questionnaires() -> dict[str, tuple[int, Questionnaire]]:
    versions = {}
    for lens, slug in LENS_SLUGS.items():
        found = get_latest_questionnaire(slug)
        if found is None:
            raise DemoError(
                f"Questionnaire {slug!r} is not loaded: run 'flask questionnaires load'."
            )
        versions[lens] = (found[0].id, found[1])
    return versions


def _get_or_create_cycle(label: str, is_current: bool) -> Cycle:
    cycle = db.session.scalars(select(Cycle).filter_by(label=label)).first()
    if cycle is None:
        year = int(label[:4])
        cycle = Cycle(
            label=label,
            opens_on=date(year, 4, 1),
            closes_on=date(year + 1, 3, 31),
            status="open" if is_current else "closed",
        )
        db.session.add(cycle)
        db.session.flush()
    return cycle


def _create_organisation(demo: DemoOrganisation) -> tuple[DemoOrganisation, Organisation]:
    existing = db.session.scalars(select(Organisation).filter_by(code=demo.code)).first()
    if existing is not None:
        raise DemoError(f"Organisation {demo.code} already exists: demo data was seeded before.")
    organisation = Organisation(
        code=demo.code,
        name=demo.name,
        region=demo.region,
        peer_group=demo.peer_group,
        is_demo=True,
        benchmark_opt_in=True,
    )
    db.session.add(organisation)
    return demo, organisation


class _BulkWriter:
    """Collects generated rows and writes them with executemany inserts."""

    def __init__(self, next_response_id: int) -> None:
        self.next_id = next_response_id
        self.responses = 0
        self.answers = 0
        self._responses: list[dict] = []
        self._answers: list[dict] = []
        self._frame_rows: list[tuple] = []

    def add(self, generated, questionnaire, version_id, lens, assessment, cycle, organisation):
        first = self.next_id
        submitted = datetime(int(cycle.label[:4]), 10, 1, tzinfo=UTC)
        closed_on = datetime.combine(cycle.closes_on, datetime.min.time(), tzinfo=UTC)
        for r in range(generated.response_count):
            moment = submitted + timedelta(minutes=int(first + r) % 50000)
            self._responses.append(
                {
                    "id": first + r,
                    "assessment_id": assessment.id,
                    "questionnaire_version_id": version_id,
                    "lens": lens,
                    "team": generated.teams[r],
                    "status": "submitted",
                    "created_at": moment,
                    "updated_at": moment,
                    "submitted_at": moment,
                    # a closed cycle's responses were released when it closed
                    "released_at": (
                        closed_on if cycle.status == "closed" and lens in ANONYMOUS_LENSES else None
                    ),
                    "revision": 1,
                }
            )
        items = {item.id: item for item in questionnaire.items()}
        for r, item_id, value, score, not_known, target, comment in generated.rows:
            response_id = first + r
            self._answers.append(
                {
                    "response_id": response_id,
                    "item_id": item_id,
                    "value": value,
                    "score": score,
                    "not_known": not_known,
                    "target": target,
                    "comment": comment,
                }
            )
            item = items[item_id]
            self._frame_rows.append(
                (
                    response_id,
                    organisation.id,
                    cycle.label,
                    lens,
                    generated.teams[r],
                    item_id,
                    item.measures or item_id,
                    item.effective_ingredient,
                    float(item.weight),
                    np.nan if score is None else score,
                    not_known,
                )
            )
        self.next_id += generated.response_count

    def flush(self) -> None:
        if not self._responses:
            return
        db.session.execute(insert(table_of(Response)), self._responses)
        db.session.execute(insert(table_of(Answer)), self._answers)
        scores = self._scores()
        if scores:
            db.session.execute(insert(table_of(ResponseScore)), scores)
            scores_changed({row["cycle_id"] for row in scores})
        self.responses += len(self._responses)
        self.answers += len(self._answers)
        self._responses, self._answers, self._frame_rows = [], [], []

    def _scores(self) -> list[dict]:
        answers = pd.DataFrame(
            self._frame_rows,
            columns=[
                "response_id",
                "organisation_id",
                "cycle",
                "lens",
                "team",
                "item_id",
                "measures",
                "ingredient",
                "weight",
                "score",
                "not_known",
            ],
        ).assign(target=np.nan)
        scored = score_responses(answers)
        cycle_ids = {r["id"]: r for r in self._responses}
        assessment_cycle = {
            a.id: (a.organisation_id, a.cycle_id)
            for a in db.session.scalars(
                select(Assessment).where(
                    Assessment.id.in_({r["assessment_id"] for r in self._responses})
                )
            )
        }
        rows = []
        for record in scored.itertuples(index=False):
            response = cycle_ids[record.response_id]
            organisation_id, cycle_id = assessment_cycle[response["assessment_id"]]
            rows.append(
                {
                    "response_id": int(record.response_id),
                    "ingredient": record.ingredient,
                    "organisation_id": organisation_id,
                    "cycle_id": cycle_id,
                    "lens": record.lens,
                    "team": record.team if isinstance(record.team, str) else None,
                    "score": None if pd.isna(record.score) else float(record.score),
                    "items_scored": int(record.items_scored),
                    "items_not_known": int(record.items_not_known),
                    "released": is_released(record.lens, response["released_at"]),
                }
            )
        return rows

    def finish(self) -> None:
        if db.engine.dialect.name == "postgresql":
            db.session.execute(
                text(
                    "SELECT setval(pg_get_serial_sequence('responses', 'id'), "
                    "(SELECT COALESCE(MAX(id), 1) FROM responses))"
                )
            )


#: The password of every demonstration account (development only; documented in the README).
DEMO_PASSWORD = "valued care demo"  # noqa: S105 (demo seeding refuses production)


#: Fictional people behind the demonstration accounts.
DEMO_NAMES = {
    "platform_admin": "Alex Morgan (demo administrator)",
    "organisation_admin": "Sam Patel (demo improvement lead)",
    "board_member": "Jo Evans (demo board member)",
    "viewer": "Chris Lee (demo viewer)",
}


def seed_demo_access() -> DemoAccess:
    """Demonstration accounts and links, so that every part of the service can be tried.

    A platform administrator, and for the first demonstration trust an improvement lead, a board
    member and a viewer, all with ``DEMO_PASSWORD``; for that trust's assessment in the open
    cycle, an anonymous link for each anonymous lens and the board member's own link. Nothing is
    made when accounts already exist. Tokens are kept hashed, so the paths are returned once.
    """
    from valuedcare.data import invitations
    from valuedcare.data.scope import Scope
    from valuedcare.data.users import create_user
    from valuedcare.models import User

    if db.session.scalar(select(func.count(User.id))):
        return DemoAccess([], [])
    organisation = db.session.scalars(
        select(Organisation).where(Organisation.code.like("DEMO%")).order_by(Organisation.code)
    ).first()
    accounts: list[tuple[str, str, int | None]] = [("admin@example.org", "platform_admin", None)]
    if organisation is not None:
        domain = f"{organisation.code.lower()}.example.org"
        accounts += [
            (f"lead@{domain}", "organisation_admin", organisation.id),
            (f"board@{domain}", "board_member", organisation.id),
            (f"viewer@{domain}", "viewer", organisation.id),
        ]
    users = {
        role: create_user(email, role, organisation_id, DEMO_PASSWORD, name=DEMO_NAMES[role])
        for email, role, organisation_id in accounts
    }
    links: list[tuple[str, str]] = []
    assessment = (
        db.session.scalars(
            select(Assessment)
            .join(Cycle)
            .where(Assessment.organisation_id == organisation.id, Cycle.status == "open")
        ).first()
        if organisation is not None
        else None
    )
    if assessment is not None and organisation is not None:
        lead = users["organisation_admin"]
        scope = Scope(user_id=lead.id, role=lead.role, organisation_id=organisation.id)
        for lens in invitations.ANONYMOUS_LENSES:
            label = f"Demo link: {invitations.LENS_LABELS.get(lens, lens)}"
            made = invitations.create_anonymous_link(scope, assessment.id, lens=lens, label=label)
            if made is not None:
                links.append((label, f"/r/{made[1]}"))
        board = users["board_member"]
        made = invitations.invite_board_member(
            scope, assessment.id, name="Demo board member", email=board.email, user_id=board.id
        )
        if made is not None:
            links.append(("Demo board member's own link", f"/r/{made[1]}"))
    return DemoAccess([(email, role) for email, role, _ in accounts], links)
