"""Fictional improvement plans for the demonstration trusts: a few actions agreed in each cycle
for the trust's weakest ingredients, older ones mostly done or dropped, some carried over and
overdue, recent ones under way, each with dated progress updates."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np

#: What a demonstration action says will be done, by ingredient (fictional, plain English).
ACTION_TEXTS: Mapping[str, tuple[str, ...]] = {
    "experts_by_experience": (
        "Pay experts by experience for their time on every improvement project, and publish "
        "the rates.",
        "Set up a co-production group for the crisis pathway, with carers as equal members.",
        "Recruit experts by experience to every interview panel for senior posts.",
        "Publish a 'you said, we did' report each quarter with the lived experience council.",
        "Train peer support workers to co-chair ward community meetings.",
    ),
    "national_picture": (
        "Take a quarterly summary of national guidance and benchmarks to the board's quality "
        "committee.",
        "Join the regional mental health provider collaborative's benchmarking work.",
        "Compare waiting times with the national benchmarking data every six months.",
        "Brief the board on each new national mental health standard within a month of "
        "publication.",
        "Take part in the national audit of early intervention in psychosis.",
    ),
    "local_area": (
        "Build a shared picture of local need with the council's public health team.",
        "Map each locality's community assets with voluntary sector partners.",
        "Agree a joint needs assessment for each locality with the integrated care board.",
        "Hold an annual listening event in each locality with local community groups.",
        "Map housing and employment support with each council's teams.",
    ),
    "culture": (
        "Run a pulse survey in every team each quarter and act on one finding per team.",
        "Train every ward manager in compassionate leadership.",
        "Start Schwartz rounds in every directorate.",
        "Act on the staff survey's three lowest scores with each team's own plan.",
        "Set up a freedom to speak up network with a guardian in every site.",
    ),
    "leadership": (
        "Give each board member a service to visit every quarter, with a short write-up.",
        "Agree shared leadership objectives with the integrated care board.",
        "Give every team leader a coach for their first year in post.",
        "Hold board development sessions on co-production with experts by experience.",
        "Publish the board's objectives and report progress at each public meeting.",
    ),
    "business_and_resources": (
        "Report cost, activity and quality together for each locality team every month.",
        "Review out-of-area placements weekly with housing and social care partners.",
        "Compare length of stay between wards each month and review the outliers.",
        "Bring finance and clinical leads together to plan each service's budget.",
        "Track delayed discharges daily with social care partners.",
    ),
    "improvement_approach": (
        "Train 100 frontline staff in quality improvement methods this year.",
        "Choose one trust-wide improvement priority and measure it with run charts.",
        "Give every team a quality improvement coach for its first project.",
        "Show the measures of every improvement project as SPC charts at board.",
        "Share the results of finished improvement projects at a yearly event.",
    ),
    "patient_safety": (
        "Embed the patient safety incident response framework in every directorate.",
        "Involve families in every patient safety investigation from the start.",
        "Review every restrictive intervention with the people involved within a week.",
        "Run safety huddles on every ward each day.",
        "Learn from each serious incident with families and publish what changed.",
    ),
    "digitalisation": (
        "Give community teams mobile access to the electronic patient record.",
        "Share care plans digitally with GP practices in two localities.",
        "Let people see and add to their own care plans online.",
        "Replace paper observation charts on the wards with electronic ones.",
        "Offer video appointments in every community team.",
    ),
    "innovation": (
        "Set up a small fund for staff-led ideas, with experts by experience on the panel.",
        "Evaluate the digital therapy pilot with a partner university.",
        "Test one new idea from staff each quarter with a small trial.",
        "Join a research network so that people can take part in studies.",
        "Spread the crisis café model to a second locality after its evaluation.",
    ),
}
OWNER_ROLES = (
    "Director of nursing",
    "Medical director",
    "Chief operating officer",
    "Director of strategy",
    "Head of patient experience",
    "Head of quality improvement",
    "Chief digital officer",
)
PROGRESS_NOTES = (
    "Plan agreed with the teams involved.",
    "Work started in two localities.",
    "Delayed by staffing pressures over the winter.",
    "Early results reported to the quality committee.",
    "Rolled out across the trust.",
)


@dataclass(frozen=True)
class DemoUpdate:
    days_after: int
    status: str
    note: str


@dataclass(frozen=True)
class DemoAction:
    cycle_index: int
    ingredient: str
    statements: tuple[str, ...]
    text: str
    owner_role: str
    due_on: date
    status: str
    target_level: int
    agreed_on: date
    updates: tuple[DemoUpdate, ...]


def _status(age: int, rng: np.random.Generator) -> str:
    """Older actions are mostly finished; a few are carried over, some of them at risk."""
    if age >= 2:
        return str(rng.choice(["done", "done", "done", "dropped", "on_track"]))
    if age == 1:
        return str(rng.choice(["done", "on_track", "at_risk", "on_track"]))
    return str(rng.choice(["not_started", "on_track", "on_track", "at_risk"]))


def _text(ingredient: str, used: set[str], rng: np.random.Generator) -> str:
    """A wording for the trust's next action on an ingredient that it has not used yet (so that a
    trust does not agree the same action twice), or, once all are used, one marked as a second
    round."""
    texts = ACTION_TEXTS.get(ingredient, ("Agree the next step.",))
    fresh = [text for text in texts if text not in used]
    if not fresh:
        return f"{rng.choice(texts)} (second round)"
    text = str(rng.choice(fresh))
    used.add(text)
    return text


def plan_actions(
    maturity: Sequence[float],
    ingredients: Sequence[str],
    statements: Mapping[str, Sequence[str]],
    cycle_starts: Sequence[date],
    *,
    rng: np.random.Generator,
    as_of: date,
    per_cycle: int = 4,
) -> list[DemoAction]:
    """Actions for one trust: ``per_cycle`` in each cycle (agreed soon after it opens), for its
    weakest ingredients, with statuses by age and due dates that leave some overdue."""
    weakest = [ingredients[i] for i in np.argsort(np.asarray(maturity))]
    last = len(cycle_starts) - 1
    made = []
    used: set[str] = set()
    for index, start in enumerate(cycle_starts):
        agreed_on = min(start + timedelta(days=75), as_of)
        chosen = weakest[: per_cycle + 2]
        for ingredient in rng.choice(chosen, size=min(per_cycle, len(chosen)), replace=False):
            ingredient = str(ingredient)
            status = _status(last - index, rng)
            due_on = agreed_on + timedelta(days=int(rng.integers(150, 420)))
            items = list(statements.get(ingredient, ()))
            picked = tuple(sorted(rng.choice(items, size=min(2, len(items)), replace=False)))
            steps = int(rng.integers(1, 4)) if status != "not_started" else 0
            span = max(1, (min(as_of, due_on + timedelta(days=90)) - agreed_on).days)
            updates = tuple(
                DemoUpdate(
                    int(span * (step + 1) / (steps + 1)),
                    status if step == steps - 1 else "on_track",
                    PROGRESS_NOTES[step % len(PROGRESS_NOTES)]
                    if status != "dropped" or step < steps - 1
                    else "Dropped: overtaken by the integrated care board's programme.",
                )
                for step in range(steps)
            )
            made.append(
                DemoAction(
                    index,
                    ingredient,
                    tuple(str(each) for each in picked),
                    _text(ingredient, used, rng),
                    str(rng.choice(OWNER_ROLES)),
                    due_on,
                    status,
                    int(min(5, max(2, round(maturity[ingredients.index(ingredient)]) + 1))),
                    agreed_on,
                    updates,
                )
            )
    return made
