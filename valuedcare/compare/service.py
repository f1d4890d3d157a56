"""Benchmark and internal-variation pages: data -> scoring/benchmarks -> charts -> view models.

Disclosure rules applied here (see also ``valuedcare.data.benchmarks``):

- Small numbers: an anonymous lens result with fewer than ``MIN_RESPONDENTS`` respondents is
  suppressed in the data layer and never feeds a group statistic, a chart or a table.
- Comparator groups: a group statistic (quartiles, median, percentile rank, band) is shown only
  where at least ``MIN_ORGANISATIONS`` organisations have a usable score; ingredients below that
  are left out of the heatmap and have no peer marks on the strip chart.
- Linkage: other organisations' own scores (the heatmap of every organisation) appear in one
  comparator group only, all participating organisations. Region and type-of-organisation views
  give group statistics only. Shown in two groups, the same anonymous profile would tell which
  organisation shares this one's region and type, and with regions and types public it could be
  named. No lowest or highest score is shown in any group: each is one organisation's own score.
- Anonymity: to a trust user other organisations are "Organisation 1..N", numbered by a keyed hash
  that changes every cycle (``benchmarks.anonymise``). A platform administrator sees the names of
  organisations that agreed to be named (``named_in_benchmarks``); every other organisation stays
  "Organisation N" even for administrators, because the flag records that organisation's consent.
- No league tables: organisations are listed in the anonymised order, never by score.
- Reciprocity: only organisations that take part in benchmarking (``benchmark_opt_in``) feed the
  benchmark, and only they see it.
- Nothing derived: the page shows no group mean or total, so no figure shown together with the
  number of organisations can be combined to recover a suppressed result.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import pandas as pd
from markupsafe import Markup

from valuedcare.benchmarks import labelling_key, summarise_group
from valuedcare.benchmarks import organisation_labels as pure_labels
from valuedcare.charts import benchmark_strip_chart, heatmap_chart
from valuedcare.compare.common import (
    LENS_TITLES,
    CompareSettings,
    Heatmap,
    Option,
    for_display,
    heatmap_table,
    ingredient_pairs,
    value,
)
from valuedcare.data import benchmarks as data
from valuedcare.data.benchmarks import CycleInfo, OrganisationInfo
from valuedcare.data.questionnaires import get_ingredients
from valuedcare.scoring.columns import INGREDIENT, LENS, LENSES, ORGANISATION_ID, SCORE, SUPPRESSED
from valuedcare.view_cache import cached_page, cached_spec

GROUPS = ("all", "region", "peer_group")
PROFILES_GROUP = "all"
"""The one comparator group in which other organisations' own scores are shown."""
DEFAULT_LENS_ORDER = ("board_agreed", "board", "experts_by_experience", "partner")


@dataclass(frozen=True)
class BenchmarkRow:
    """One ingredient of the selected lens: the group distribution and this organisation."""

    ingredient: str
    title: str
    n_organisations: int
    lower_quartile: float | None
    median: float | None
    upper_quartile: float | None
    score: float | None
    percentile_rank: float | None
    band: str | None
    shown: bool


@dataclass(frozen=True)
class BandRow:
    """One ingredient's quartile band in each lens (None: no score or group not shown)."""

    title: str
    bands: list[str | None]


@dataclass(frozen=True)
class BenchmarkPage:
    organisation: OrganisationInfo
    cycle: CycleInfo
    cycles: list[CycleInfo]
    group: str
    groups: list[Option]
    lens: str | None
    lenses: list[Option]
    participating: bool
    named: bool
    min_organisations: int
    min_respondents: int
    group_size: int = 0
    rows: list[BenchmarkRow] = field(default_factory=list)
    band_rows: list[BandRow] = field(default_factory=list)
    strip_spec: Markup | None = None
    heatmap: Heatmap | None = None

    @property
    def any_shown(self) -> bool:
        return any(row.shown for row in self.rows)


def group_options(organisation: OrganisationInfo) -> list[Option]:
    """The three comparator groups, with the organisation's own region and type in the names."""
    return [
        Option("all", "All participating organisations"),
        Option("region", f"Same region ({organisation.region})"),
        Option("peer_group", f"Same type of organisation ({organisation.peer_group})"),
    ]


def _group_members(organisations: pd.DataFrame, organisation: OrganisationInfo, group: str):
    if group == "region":
        organisations = organisations[organisations["region"] == organisation.region]
    elif group == "peer_group":
        organisations = organisations[organisations["peer_group"] == organisation.peer_group]
    return organisations


def organisation_labels(
    members: pd.DataFrame, organisation: OrganisationInfo, *, key: str, named: bool
) -> dict[int, str]:
    """Display label per member id (``benchmarks.organisation_labels``)."""
    return pure_labels(
        members,
        organisation_id=organisation.id,
        organisation_name=organisation.name,
        key=key,
        named=named,
    )


def _resolve(scope, organisation_id: int, cycle_id: int):
    organisation = data.get_organisation(scope, organisation_id)
    if organisation is None:
        return None
    cycles = data.list_organisation_cycles(organisation.id)
    cycle = next((each for each in cycles if each.id == cycle_id), None)
    # The requested cycle is resolved even when not yet released, so the route can say so; the
    # cycles offered to move between are only those whose results this scope may see.
    return None if cycle is None else (organisation, cycle, data.released_cycles(scope, cycles))


def _choose_lens(present: list[str], requested: str | None) -> str | None:
    if requested is not None:
        return requested if requested in present else ""
    return next((lens for lens in DEFAULT_LENS_ORDER if lens in present), None)


def _rows(summary: pd.DataFrame, lens: str, titles: dict[str, str]) -> list[BenchmarkRow]:
    selected = summary[summary[LENS] == lens]
    return [
        BenchmarkRow(
            ingredient=row[INGREDIENT],
            title=titles.get(row[INGREDIENT], row[INGREDIENT]),
            n_organisations=int(row["n_organisations"]),
            lower_quartile=value(row["q1"]),
            median=value(row["median"]),
            upper_quartile=value(row["q3"]),
            score=value(row["organisation_score"]),
            percentile_rank=value(row["percentile_rank"]),
            band=row["band"],
            shown=bool(row["shown"]),
        )
        for row in selected.to_dict("records")
    ]


def _band_rows(summary: pd.DataFrame, lenses: list[str], titles: dict[str, str]) -> list[BandRow]:
    bands = {(row[INGREDIENT], row[LENS]): row["band"] for row in summary.to_dict("records")}
    ingredients = list(dict.fromkeys(summary[INGREDIENT].tolist()))
    return [BandRow(titles[i], [bands.get((i, lens)) for lens in lenses]) for i in ingredients]


def _strip_spec(rows: list[BenchmarkRow], short: dict[str, str]) -> Markup | None:
    if not any(row.shown for row in rows):
        return None
    frame = pd.DataFrame(
        [(r.ingredient, r.lower_quartile, r.median, r.upper_quartile, r.score) for r in rows],
        columns=[INGREDIENT, "q1", "median", "q3", "this_score"],
    )
    frame = frame.assign(**{c: for_display(frame[c]) for c in frame.columns if c != INGREDIENT})
    ingredients = [(r.ingredient, short[r.ingredient]) for r in rows]
    return cached_spec(
        "benchmark-strip",
        frame,
        lambda f: benchmark_strip_chart(f, ingredients=ingredients),
        tuple(ingredients),
    )


def _heatmap(
    scores: pd.DataFrame, rows: list[BenchmarkRow], labels: dict[int, str], short: dict[str, str]
) -> Heatmap | None:
    shown = [row.ingredient for row in rows if row.shown]
    if not shown:
        return None
    usable = scores[scores[INGREDIENT].isin(shown) & scores[SCORE].notna()]
    order = list(labels)  # the anonymised order: viewer first, then Organisation 1..N
    grid = pd.MultiIndex.from_product([order, shown], names=[ORGANISATION_ID, INGREDIENT])
    cells = usable.set_index([ORGANISATION_ID, INGREDIENT])[SCORE].reindex(grid).reset_index()
    cells = cells[cells[ORGANISATION_ID].isin(usable[ORGANISATION_ID].unique())]
    cells = cells.assign(organisation=cells[ORGANISATION_ID].map(labels))
    cells = cells[["organisation", INGREDIENT, SCORE]].reset_index(drop=True)
    cells[SCORE] = for_display(cells[SCORE])
    ingredients = [(ingredient, short[ingredient]) for ingredient in shown]
    spec = cached_spec(
        "benchmark-heatmap",
        cells,
        lambda f: heatmap_chart(
            f, row_field="organisation", row_title="Organisation", ingredients=ingredients
        ),
        tuple(ingredients),
    )
    return heatmap_table(cells, "organisation", "Organisation", ingredients, spec)


def _page_basics(scope, organisation, cycle, cycles, group, settings) -> dict:
    return {
        "organisation": organisation,
        "cycle": cycle,
        "cycles": cycles,
        "group": group,
        "groups": group_options(organisation),
        "named": scope.is_platform_admin,
        "min_organisations": settings.min_organisations,
        "min_respondents": settings.min_respondents,
    }


def build_benchmark_page(
    scope,
    organisation_id: int,
    cycle_id: int,
    *,
    group: str,
    lens: str | None,
    settings: CompareSettings,
) -> BenchmarkPage | None:
    """The benchmark page of one organisation and cycle, or None when it must answer 404.

    None when the scope does not cover the organisation, the organisation has no assessment in
    the cycle, or ``group`` / ``lens`` is not one the page offers.
    """
    resolved = _resolve(scope, organisation_id, cycle_id)
    if resolved is None or group not in GROUPS:
        return None
    organisation, cycle, cycles = resolved
    base = _page_basics(scope, organisation, cycle, cycles, group, settings)
    if not organisation.benchmark_opt_in:
        return None if lens else BenchmarkPage(**base, lens=None, lenses=[], participating=False)
    cycle_scores = data.get_cycle_scores(cycle.id, rules=settings.rules)
    key = (
        "benchmark",
        cycle_scores.version,
        organisation,
        cycle,
        tuple(cycles),
        group,
        lens,
        scope.is_platform_admin,
        settings,
        get_ingredients().version,
    )
    return cached_page(key, lambda: _benchmark_page(base, cycle_scores, lens, settings))


def _benchmark_page(
    base: dict, cycle_scores: data.CycleScores, lens: str | None, settings: CompareSettings
) -> BenchmarkPage | None:
    organisation = base["organisation"]
    members = _group_members(cycle_scores.organisations, organisation, base["group"])
    scores = cycle_scores.scores[
        cycle_scores.scores[ORGANISATION_ID].isin(members[ORGANISATION_ID])
    ]
    present = [each for each in LENSES if each in set(scores[LENS])]
    chosen = _choose_lens(present, lens)
    if chosen == "":
        return None
    lenses = [Option(each, LENS_TITLES.get(each, each)) for each in present]
    page = BenchmarkPage(
        **base, lens=chosen, lenses=lenses, participating=True, group_size=len(members)
    )
    if chosen is None:
        return page
    return _fill_benchmark(page, chosen, members, scores, present, settings)


def _fill_benchmark(
    page: BenchmarkPage,
    lens: str,
    members: pd.DataFrame,
    scores: pd.DataFrame,
    present: list[str],
    settings: CompareSettings,
) -> BenchmarkPage:
    ingredient_set = get_ingredients()
    titles = {each.id: each.title for each in ingredient_set}
    short = dict(ingredient_pairs(ingredient_set))
    summary = summarise_group(
        scores[[ORGANISATION_ID, INGREDIENT, LENS, SCORE, SUPPRESSED]],
        organisation_id=page.organisation.id,
        rules=settings.rules,
    )
    rows = _rows(summary, lens, titles)
    return replace(
        page,
        rows=rows,
        band_rows=_band_rows(summary, present, titles),
        strip_spec=_strip_spec(rows, short),
        heatmap=_profiles(page, members, scores[scores[LENS] == page.lens], rows, settings),
    )


def _profiles(
    page: BenchmarkPage,
    members: pd.DataFrame,
    lens_scores: pd.DataFrame,
    rows: list[BenchmarkRow],
    settings: CompareSettings,
) -> Heatmap | None:
    """The heatmap of every organisation's scores: in the "all" group only (see the module)."""
    if page.group != PROFILES_GROUP:
        return None
    labels = organisation_labels(
        members,
        page.organisation,
        key=labelling_key(settings.secret, page.cycle.id),
        named=page.named,
    )
    return _heatmap(lens_scores, rows, labels, dict(ingredient_pairs(get_ingredients())))


@dataclass(frozen=True)
class HomePage:
    organisation: OrganisationInfo
    cycles: list[CycleInfo]  # newest first


def build_home_page(scope, organisation_id: int) -> HomePage | None:
    """The organisation's compare start page: its cycles, newest first (None: 404)."""
    organisation = data.get_organisation(scope, organisation_id)
    if organisation is None:
        return None
    cycles = data.released_cycles(scope, data.list_organisation_cycles(organisation.id))
    return HomePage(organisation, list(reversed(cycles)))


def list_choices(scope) -> list[OrganisationInfo]:
    """Organisations a platform administrator may choose from, by name."""
    return data.list_organisations(scope)
