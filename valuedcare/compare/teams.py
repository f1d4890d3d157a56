"""Internal variation: teams or localities within one organisation, compared in one cycle.

Same small-number rule as everywhere (anonymous lens results with fewer than the configured minimum
respondents are suppressed), plus secondary suppression: the whole organisation's figure is shown
next to the teams, so ``disclosure.suppress_complements`` hides one more team wherever the hidden
teams together would hold fewer than the configured minimum respondents (otherwise their combined
score could be worked out by subtraction). Teams are listed by name, never by score.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from valuedcare.charts import heatmap_chart
from valuedcare.compare.common import (
    LENS_TITLES,
    NO_TEAM,
    CompareSettings,
    Heatmap,
    for_display,
    heatmap_table,
    ingredient_pairs,
    value,
)
from valuedcare.compare.service import _resolve
from valuedcare.data import benchmarks as data
from valuedcare.data.benchmarks import CycleInfo, OrganisationInfo, summary_from_sums
from valuedcare.data.questionnaires import get_ingredients
from valuedcare.disclosure import suppress_complements
from valuedcare.scoring.columns import (
    COMPLEMENT_SUPPRESSED,
    INGREDIENT,
    LENS,
    LENSES,
    RESPONDENTS,
    SCORE,
    SUPPRESSED,
    TEAM,
)
from valuedcare.view_cache import cached_page, cached_spec, frame_digest


@dataclass(frozen=True)
class TeamCell:
    score: float | None
    respondents: int | None
    suppressed: bool
    complement: bool  # hidden only so that another, smaller team cannot be worked out


@dataclass(frozen=True)
class TeamRow:
    title: str
    whole: TeamCell
    teams: list[TeamCell]


@dataclass(frozen=True)
class TeamLens:
    lens: str
    title: str
    teams: list[str]
    rows: list[TeamRow]
    heatmap: Heatmap | None


@dataclass(frozen=True)
class TeamsPage:
    organisation: OrganisationInfo
    cycle: CycleInfo
    cycles: list[CycleInfo]
    lenses: list[TeamLens]
    min_respondents: int

    @property
    def any_complement(self) -> bool:
        return any(
            cell.complement for lens in self.lenses for row in lens.rows for cell in row.teams
        )


def _cell(row: dict | None) -> TeamCell:
    if row is None:
        return TeamCell(None, None, False, False)
    respondents = row[RESPONDENTS]
    return TeamCell(
        score=value(row[SCORE]),
        respondents=None if pd.isna(respondents) else int(respondents),
        suppressed=bool(row[SUPPRESSED]),
        complement=bool(row.get(COMPLEMENT_SUPPRESSED, False)),
    )


def _team_names(children: pd.DataFrame) -> list[str | None]:
    """Teams in name order, with responses that gave no team last."""
    names: list[str | None] = [*sorted({str(t) for t in children[TEAM].dropna().unique()})]
    return [*names, None] if children[TEAM].isna().any() else names


def _lens_heatmap(
    children: pd.DataFrame, teams: list[str | None], ingredients: list[tuple[str, str]]
) -> Heatmap | None:
    cells = children.assign(team_label=children[TEAM].fillna(NO_TEAM))
    cells = cells[["team_label", INGREDIENT, SCORE]].assign(**{SCORE: for_display(cells[SCORE])})
    if cells[SCORE].notna().sum() == 0:
        return None
    order = [NO_TEAM if team is None else team for team in teams]
    cells = cells.set_index("team_label").loc[order].reset_index()
    spec = cached_spec(
        "teams-heatmap",
        cells,
        lambda f: heatmap_chart(
            f, row_field="team_label", row_title="Team or locality", ingredients=ingredients
        ),
        tuple(ingredients),
    )
    return heatmap_table(cells, "team_label", "Team or locality", ingredients, spec)


def _team_lens(
    lens: str,
    parent: pd.DataFrame,
    children: pd.DataFrame,
    short: dict[str, str],
    titles: dict[str, str],
) -> TeamLens:
    teams = _team_names(children)
    whole = {row[INGREDIENT]: row for row in parent.to_dict("records")}
    by_team = {
        (row[INGREDIENT], row[TEAM] if isinstance(row[TEAM], str) else None): row
        for row in children.to_dict("records")
    }
    ingredients = [i for i in short if i in whole]
    rows = [
        TeamRow(titles[i], _cell(whole[i]), [_cell(by_team.get((i, team))) for team in teams])
        for i in ingredients
    ]
    heatmap = _lens_heatmap(children, teams, [(i, short[i]) for i in ingredients])
    return TeamLens(
        lens,
        LENS_TITLES.get(lens, lens),
        [NO_TEAM if team is None else team for team in teams],
        rows,
        heatmap,
    )


def build_teams_page(
    scope,
    organisation_id: int,
    cycle_id: int,
    *,
    settings: CompareSettings,
) -> TeamsPage | None:
    """Teams compared within the organisation in the cycle, one section per lens with teams.

    None (404) when the scope does not cover the organisation or it has no assessment in the
    cycle. Lenses whose responses carry no team at all (usually the board) are left out.
    """
    resolved = _resolve(scope, organisation_id, cycle_id)
    if resolved is None:
        return None
    organisation, cycle, cycles = resolved
    parent_sums, child_sums = data.read_team_sums(organisation.id, cycle)
    ingredient_set = get_ingredients()
    key = (
        "teams",
        organisation,
        cycle,
        tuple(cycles),
        frame_digest(parent_sums),
        frame_digest(child_sums),
        ingredient_set.version,
        settings.rules,
    )
    return cached_page(
        key,
        lambda: _teams_page(
            organisation, cycle, cycles, parent_sums, child_sums, ingredient_set, settings
        ),
    )


def _teams_page(organisation, cycle, cycles, parent_sums, child_sums, ingredient_set, settings):
    minimum = settings.min_respondents
    parent = summary_from_sums(parent_sums, data.TEAM_PARENT_KEYS, rules=settings.rules)
    children = summary_from_sums(child_sums, data.TEAM_KEYS, rules=settings.rules)
    protected = suppress_complements(parent, children, rules=settings.rules)
    short = dict(ingredient_pairs(ingredient_set))
    titles = {each.id: each.title for each in ingredient_set}
    lenses = [
        _team_lens(
            lens, parent[parent[LENS] == lens], protected[protected[LENS] == lens], short, titles
        )
        for lens in LENSES
        if protected.loc[protected[LENS] == lens, TEAM].notna().any()
    ]
    return TeamsPage(organisation, cycle, cycles, lenses, minimum)
