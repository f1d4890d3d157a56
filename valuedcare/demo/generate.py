"""Generate plausible, varied and clearly fictional assessment data, deterministically from a seed.

Each fictional trust has a true maturity per ingredient and a direction of travel (improving,
steady or slipping). Boards see their trust more favourably than experts by experience and
partners do, as the model warns, and individual respondents scatter around their lens's view.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from valuedcare.questionnaire import Item, Questionnaire
from valuedcare.questionnaire.types import Example

PLACES = (
    "Ashvale",
    "Brackenmoor",
    "Coldwater",
    "Dunmere",
    "Eastholm",
    "Fernbridge",
    "Greyford",
    "Hollowmere",
    "Ivybank",
    "Juniper Vale",
    "Kestrel Downs",
    "Larkspur",
    "Millbrook",
    "Northcombe",
    "Oakhurst",
    "Pennywell",
    "Quarry Hill",
    "Ravensdale",
    "Sallowfield",
    "Thornbury Cross",
    "Underwood",
    "Valemouth",
    "Westerleigh",
    "Yarrowby",
)
REGIONS = (
    "North East and Yorkshire",
    "North West",
    "Midlands",
    "East of England",
    "London",
    "South East",
    "South West",
)
PEER_GROUPS = (
    "Mental health and learning disability trust",
    "Mental health, learning disability and community trust",
)
TEAMS = ("North locality", "South locality", "East locality", "West locality")
#: Mean offset of each lens from the trust's true maturity (boards are more optimistic).
LENS_BIAS = {"board": 0.45, "experts_by_experience": -0.35, "partner": -0.15}
TRAJECTORIES = {"improving": 0.22, "steady": 0.0, "slipping": -0.12}


@dataclass(frozen=True)
class DemoParameters:
    trusts: int = 8
    cycles: int = 3
    respondents: int = 30
    seed: int = 2026


@dataclass(frozen=True)
class DemoOrganisation:
    code: str
    name: str
    region: str
    peer_group: str
    trajectory: str
    maturity: tuple[float, ...]  # true maturity per ingredient, model order
    few_experts: bool = False  # fewer than 5 experts by experience, so suppression can be seen


@dataclass
class GeneratedAnswers:
    """Answers of several responses of one lens: rows of (response index, item id, fields)."""

    response_count: int
    teams: list[str | None]
    rows: list[tuple[int, str, object, float | None, bool, int | None, str | None]] = field(
        default_factory=list
    )


def cycle_labels(count: int, *, last_start_year: int) -> list[str]:
    """``count`` financial-year labels ending with the one starting in ``last_start_year``."""
    first = last_start_year - count + 1
    return [f"{year}/{(year + 1) % 100:02d}" for year in range(first, last_start_year + 1)]


def make_organisations(count: int, rng: np.random.Generator) -> list[DemoOrganisation]:
    """Fictional trusts with fictional codes (``DEMO01`` …), labelled as demonstration data."""
    organisations = []
    for index in range(count):
        place = PLACES[index % len(PLACES)]
        suffix = "" if index < len(PLACES) else f" {index // len(PLACES) + 1}"
        maturity = tuple(float(x) for x in np.clip(rng.normal(2.6, 0.55, size=10), 1.3, 4.3))
        organisations.append(
            DemoOrganisation(
                code=f"DEMO{index + 1:02d}",
                name=f"{place}{suffix} Mental Health NHS Trust (fictional)",
                region=REGIONS[index % len(REGIONS)],
                peer_group=PEER_GROUPS[index % 3 == 0],
                trajectory=list(TRAJECTORIES)[index % 3],
                maturity=maturity,
                few_experts=index == SMALL_GROUP_TRUST,
            )
        )
    return organisations


#: The trust (by position) with only a few experts by experience each cycle.
SMALL_GROUP_TRUST = 2
SMALL_GROUP_SIZE = 3


def plan_respondents(total: int, *, few_experts: bool = False) -> dict[str, int]:
    """Split a trust's respondents per cycle between the lenses: a board of 8 to 14 members (as
    trust boards are), partners about a third of the rest, experts by experience the others (3
    for the trust with ``few_experts``, so that suppression shows)."""
    board = max(8, min(14, round(total * 0.3)))
    rest = max(0, total - board)
    partner = max(1, round(rest * 0.35))
    experts = SMALL_GROUP_SIZE if few_experts else max(1, rest - partner)
    return {"board": board, "experts_by_experience": experts, "partner": partner}


def _level_matrix(centre: np.ndarray, n: int, rng: np.random.Generator) -> np.ndarray:
    """Latent 1-5 scores, shape (n, ingredients): a person offset around ``centre``."""
    person = rng.normal(0.0, 0.45, size=(n, 1))
    return centre[np.newaxis, :] + person


#: Where experts by experience's answers to "what I hoped for" centre: most people hope for
#: care that mostly or completely meets their needs, whatever they got.
HOPED_FOR = 4.4


def generate_lens_answers(
    questionnaire: Questionnaire,
    *,
    ingredient_ids: list[str],
    centre: np.ndarray,
    n: int,
    rng: np.random.Generator,
) -> GeneratedAnswers:
    """Answers for ``n`` submitted responses of one lens of one trust in one cycle."""
    latent = _level_matrix(centre, n, rng)
    teams = [None] * n if questionnaire.lens == "board" else list(rng.choice(TEAMS, size=n))
    out = GeneratedAnswers(response_count=n, teams=[str(t) if t else None for t in teams])
    items = questionnaire.items()
    columns = [
        ingredient_ids.index(i.effective_ingredient) if i.effective_ingredient else 0 for i in items
    ]
    noise = rng.normal(0.0, 0.6, size=(n, len(items)))
    for r in range(n):
        answers: dict[str, object] = {}
        rows = []
        for k, item in enumerate(items):
            wanted = HOPED_FOR if item.pair_of else float(latent[r, columns[k]])
            row = _answer(item, wanted + noise[r, k], rng, questionnaire.lens)
            if row is not None:
                answers[item.id] = row[0]
                rows.append((r, item.id, *row))
        visible = questionnaire.visible_item_ids(answers)
        out.rows.extend(row for row in rows if row[1] in visible)
    return out


#: Free-text answers of demonstration data, in each lens's own voice (fictional), answering
#: each lens's free-text question: "what one change would make the biggest difference to you?"
#: and "what one thing would most strengthen the partnership?".
DEMO_COMMENTS = {
    "experts_by_experience": (
        "A first appointment within a few weeks, not months.",
        "Help in the evenings and at weekends.",
        "Being told what changed after I gave feedback.",
        "Seeing the same worker each time.",
        "Support for my family as well as for me.",
        "Someone to call when things get bad at night.",
    ),
    "partner": (
        "Being told about discharges early enough to plan housing.",
        "A named contact in each community team.",
        "Shared care records, so people do not repeat their story.",
        "Joint training for our officers and the crisis team.",
        "Being involved earlier when services are being changed.",
    ),
    "board": (
        "Evidence is in the quality committee papers for this year.",
        "We need better data before we can say this is embedded.",
    ),
}


def _answer(item: Item, wanted: float, rng: np.random.Generator, lens: str) -> Example | None:
    """(value, score, not_known, target, comment) for one item, or None when skipped. Free text
    comes from the lens's own comments, so partners never say what a patient would."""
    example = item.kind.example(item, wanted, rng)
    if example is not None and item.kind.free_text:
        return (str(rng.choice(DEMO_COMMENTS[lens])), *example[1:])
    return example
