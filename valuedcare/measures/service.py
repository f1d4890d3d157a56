"""View models of the outcome measures' pages, built from the data layer and the pure SPC and
funnel modules."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, replace
from datetime import date

import pandas as pd
from markupsafe import Markup

from valuedcare.charts.spc import POINT_LABELS, funnel_chart, team_multiples, xmr_chart
from valuedcare.data import measures as data
from valuedcare.data.organisations import get_organisation
from valuedcare.data.questionnaires import get_ingredients, get_measures
from valuedcare.data.records import OrganisationRecord, StoredRow, UploadRecord
from valuedcare.data.scope import Scope
from valuedcare.export_format import ExportColumn, Readme
from valuedcare.questionnaire.measures import UNIT_WORDS, Measure, MeasureSet
from valuedcare.scoring.funnel import Funnel, funnel
from valuedcare.scoring.outcomes import (
    MeasureSummary,
    latest_months,
    organisation_series,
    team_frame,
    team_totals,
)
from valuedcare.scoring.spc import RULE_WORDS, XmR, xmr
from valuedcare.view_cache import cached_page, cached_spec


@dataclass(frozen=True)
class PreviewLine:
    """What an upload brings for one measure."""

    measure_id: str
    title: str
    first: date
    last: date
    teams: int
    new: int
    replacing: int


@dataclass(frozen=True)
class Replacement:
    measure: str
    team: str
    month: date
    before: float
    after: float


@dataclass(frozen=True)
class Preview:
    lines: tuple[PreviewLine, ...]
    replacements: tuple[Replacement, ...]
    new: int
    replacing: int

    @property
    def total(self) -> int:
        return self.new + self.replacing


def preview(upload: UploadRecord, measure_set: MeasureSet) -> Preview:
    """What confirming the upload would add, and which earlier values it would replace, by
    measure in the measures file's order."""
    by_measure: dict[str, list[StoredRow]] = defaultdict(list)
    for row in upload.rows:
        by_measure[row.measure].append(row)
    order = [each.id for each in measure_set] + sorted(
        set(by_measure) - {m.id for m in measure_set}
    )
    titles = {each.id: each.title for each in measure_set}
    lines = []
    for measure_id in order:
        rows = by_measure.get(measure_id)
        if not rows:
            continue
        lines.append(
            PreviewLine(
                measure_id=measure_id,
                title=titles.get(measure_id, measure_id),
                first=min(row.month for row in rows),
                last=max(row.month for row in rows),
                teams=len({row.team for row in rows}),
                new=sum(row.replaces is None for row in rows),
                replacing=sum(row.replaces is not None for row in rows),
            )
        )
    replacements = tuple(
        Replacement(
            titles.get(row.measure, row.measure), row.team, row.month, row.replaces, row.value
        )
        for row in sorted(
            upload.to_replace, key=lambda r: (order.index(r.measure), r.team, r.month)
        )
        if row.replaces is not None
    )
    return Preview(
        tuple(lines),
        replacements,
        new=len(upload.to_add),
        replacing=len(upload.to_replace),
    )


# The measures pages --------------------------------------------------------------------------


@dataclass(frozen=True)
class MeasuresPage:
    organisation: OrganisationRecord
    measures: tuple[MeasureSummary, ...]
    teams: tuple[str, ...]
    uploads: tuple[UploadRecord, ...]
    ingredient_titles: dict[str, str]

    @property
    def has_values(self) -> bool:
        return any(each.has_values for each in self.measures)

    def by_domain(self) -> list[tuple[str, list[MeasureSummary]]]:
        order = ["quality", "activity", "cost"]
        return [
            (domain, [each for each in self.measures if each.measure.domain == domain])
            for domain in order
            if any(each.measure.domain == domain for each in self.measures)
        ]


@dataclass(frozen=True)
class ChartRow:
    """One month of the XmR chart, for its table."""

    month: date
    value: float
    mean: float | None
    lower: float | None
    upper: float | None
    point: str
    rules: str


@dataclass(frozen=True)
class MeasurePage:
    organisation: OrganisationRecord
    summary: MeasureSummary
    rows: tuple[ChartRow, ...]
    xmr_spec: Markup | None
    funnel: Funnel | None
    funnel_spec: Markup | None
    funnel_period: tuple[date | None, date | None]
    teams_spec: Markup | None
    team_table: tuple[tuple[date, tuple[float | None, ...]], ...]
    teams: tuple[str, ...]
    ingredient_titles: dict[str, str]
    rebase: tuple[date, ...] = field(default_factory=tuple)
    months: tuple[date, ...] = field(default_factory=tuple)
    #: What the page is cached by: its rendered body is cached by the same key.
    key: tuple = ()

    @property
    def measure(self) -> Measure:
        return self.summary.measure

    @property
    def ingredient_names(self) -> list[str]:
        """The ingredients the measure informs, in the model's order."""
        return [
            title
            for ingredient, title in self.ingredient_titles.items()
            if ingredient in self.measure.ingredients
        ]


def _titles() -> dict[str, str]:
    return {each.id: each.title for each in get_ingredients()}


def build_measures_page(scope: Scope, organisation_id: int) -> MeasuresPage | None:
    """The summary of every measure for a visible organisation, or None."""
    organisation = get_organisation(scope, organisation_id)
    if organisation is None:
        return None
    return MeasuresPage(
        organisation=organisation,
        measures=data.measure_summaries(scope, organisation_id),
        teams=tuple(data.organisation_teams(scope, organisation_id)),
        uploads=tuple(data.list_uploads(scope, organisation_id, limit=5)),
        ingredient_titles=_titles(),
    )


def _chart_rows(result: XmR) -> tuple[ChartRow, ...]:
    def number(value: object) -> float | None:
        return None if value is None or pd.isna(value) else float(value)  # type: ignore[arg-type]

    return tuple(
        ChartRow(
            month=pd.Timestamp(row.month).date(),
            value=float(row.value),
            mean=number(row.mean),
            lower=number(row.lower),
            upper=number(row.upper),
            point=POINT_LABELS[row.point],
            rules=", ".join(RULE_WORDS[rule] for rule in row.rules),
        )
        for row in result.frame.itertuples()
    )


def _team_table(teams_frame: pd.DataFrame) -> tuple[tuple[str, ...], tuple]:
    if teams_frame.empty:
        return (), ()
    wide = teams_frame.pivot_table(index="month", columns="team", values="value", aggfunc="first")
    teams = tuple(sorted(wide.columns, key=str.casefold))
    wide = wide[list(teams)].sort_index()
    rows = tuple(
        (
            pd.Timestamp(month).date(),
            tuple(None if pd.isna(value) else float(value) for value in values),
        )
        for month, values in zip(wide.index, wide.to_numpy(), strict=True)
    )
    return teams, rows


def _measure_page(
    organisation: OrganisationRecord,
    measure: Measure,
    values: pd.DataFrame,
    change: date | None,
) -> MeasurePage:
    series = organisation_series(values, measure)
    months = [pd.Timestamp(month).date() for month in series.index]
    rebase = (change,) if change is not None and change in months[1:] else ()
    result = xmr(series, better=measure.better, target=measure.target, rebase=rebase)
    summary = MeasureSummary(measure, result, int(series.size))
    words = UNIT_WORDS.get(measure.unit, measure.unit)
    xmr_spec = (
        cached_spec(
            "xmr",
            result.frame.drop(columns=["rules"]),
            lambda _: xmr_chart(result, title=measure.title, unit_words=words),
            measure.id,
            measure.target,
            tuple(result.frame["rules"]),
        )
        if series.size >= 2
        else None
    )
    found_funnel = None
    funnel_spec = None
    if measure.is_ratio:
        totals = team_totals(values, measure)
        if len(totals) >= 2:
            made = funnel(
                totals, kind="share" if measure.is_share else "rate", multiplier=measure.multiplier
            )
            found_funnel = made
            funnel_spec = cached_spec(
                "funnel",
                made.teams,
                lambda _: funnel_chart(made, title=measure.title, unit_words=words),
                measure.id,
            )
    teams_frame = team_frame(values, measure)
    teams_spec = (
        cached_spec(
            "team multiples",
            teams_frame,
            lambda frame: team_multiples(frame, title=measure.title, unit_words=words),
            measure.id,
        )
        if teams_frame["team"].nunique() >= 2
        else None
    )
    teams, table = _team_table(teams_frame)
    return MeasurePage(
        organisation=organisation,
        summary=summary,
        rows=_chart_rows(result),
        xmr_spec=xmr_spec,
        funnel=found_funnel,
        funnel_spec=funnel_spec,
        funnel_period=latest_months(values, measure),
        teams_spec=teams_spec,
        team_table=table,
        teams=teams,
        ingredient_titles=_titles(),
        rebase=rebase,
        months=tuple(months),
    )


def build_measure_page(
    scope: Scope, organisation_id: int, measure_id: str, change: date | None = None
) -> MeasurePage | None:
    """One measure of a visible organisation: its XmR chart, funnel plot and teams, with the
    limits recalculated from the ``change`` month when it is one of the series' months after the
    first; None when the organisation is not visible or the measure unknown."""
    organisation = get_organisation(scope, organisation_id)
    measure_set = get_measures()
    measure = measure_set.get(measure_id) if measure_set is not None else None
    if organisation is None or measure is None or measure_set is None:
        return None
    version = data.values_version(scope, organisation_id)
    key = (
        "measure page",
        organisation_id,
        measure_id,
        version,
        measure_set.version,
        organisation,
        change,
    )
    return cached_page(
        key,
        lambda: replace(
            _measure_page(
                organisation,
                measure,
                data.read_values(scope, organisation_id, [measure_id]),
                change,
            ),
            key=key,
        ),
    )


EXPORT_COLUMNS = (
    ExportColumn("measure", "Measure id", "The measure's stable id in the measures file."),
    ExportColumn("measure_title", "Measure", "The measure's title."),
    ExportColumn("unit", "Unit", "What the value is measured in."),
    ExportColumn("team", "Team", "The team or locality."),
    ExportColumn("month", "Month", "The month (year and month)."),
    ExportColumn(
        "value",
        "Value",
        "The value; for a share or rate, numerator over denominator "
        "times 100 (a percentage) or 1,000 (a rate per 1,000).",
    ),
    ExportColumn("numerator", "Numerator", "For a share or rate: what was counted."),
    ExportColumn("denominator", "Denominator", "For a share or rate: what it is out of."),
)


def export_rows(scope: Scope, organisation_id: int) -> tuple[list[str], list[list], Readme]:
    """Every stored value of a visible organisation, by measure in the file's order, team and
    month, with the Excel workbook's Readme."""
    measure_set = get_measures()
    measures = list(measure_set) if measure_set is not None else []
    order = {each.id: rank for rank, each in enumerate(measures)}
    by_id = {each.id: each for each in measures}
    values = data.read_values(scope, organisation_id)
    values = values.assign(rank=values["measure"].map(order).fillna(len(order)))
    values = values.sort_values(["rank", "team", "month"], kind="stable")
    rows = []
    for row in values.itertuples():
        measure = by_id.get(row.measure)
        rows.append(
            [
                row.measure,
                measure.title if measure else row.measure,
                UNIT_WORDS.get(measure.unit, measure.unit) if measure else "",
                row.team,
                f"{pd.Timestamp(row.month):%Y-%m}",
                row.value,
                None if pd.isna(row.numerator) else row.numerator,
                None if pd.isna(row.denominator) else row.denominator,
            ]
        )
    readme = Readme(
        title="Outcome measures: monthly values per team",
        paragraphs=(
            "Every value your organisation has stored, one row per measure, team and month. "
            "Values that a later upload replaced are kept in the service's history, not here.",
        ),
        columns=EXPORT_COLUMNS,
    )
    return [column.name for column in EXPORT_COLUMNS], rows, readme
