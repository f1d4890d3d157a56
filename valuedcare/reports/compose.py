"""Turn scoring frames into the report's parts (pure: frames in, frozen dataclasses out).

Inputs are the frames of ``valuedcare.scoring`` and ``valuedcare.benchmarks``:
- ``summary``: SUMMARY of one organisation by organisation_id, cycle, lens (this cycle only);
- ``trends``: ``scoring.trend_labels`` output (organisation_id, lens, ingredient, cycle,
  previous_cycle, previous_score, score, change, threshold, label), possibly empty;
- ``peers``: ``benchmarks.summarise_group`` output (ingredient, lens, median, shown, ...);
- ``answers``: the ANSWERS frame of the board and board_agreed lenses of one assessment.
``ingredients`` is the model's ordered list of ``(id, title)``; ``texts`` maps statement ids to
their wording.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import pandas as pd

from valuedcare.charts import radar
from valuedcare.charts.render import Chart
from valuedcare.charts.theme import PEER_MEDIAN
from valuedcare.disclosure import DisclosureRules, suppress_complements
from valuedcare.reports.model import (
    NOT_ASKED_TEXT,
    NOT_RECORDED_TEXT,
    NOT_SHOWN_TEXT,
    REPORT_LENSES,
    Breakdown,
    BreakdownRow,
    Cell,
    Change,
    Disagreement,
    ExperienceGap,
    IngredientCard,
    LensLine,
    NotKnown,
    PerceptionGap,
    ScoreRow,
    StatementScore,
    TargetGap,
    lens_label,
    radar_lenses,
)
from valuedcare.scoring import board_disagreement, summarise_scores, target_gaps
from valuedcare.scoring.columns import (
    BOARD,
    BOARD_AGREED,
    LENS,
    NOT_KNOWN,
)
from valuedcare.scoring.priorities import IngredientFacts, LensComparison, StatementFacts

Ingredients = Sequence[tuple[str, str]]
#: The lens whose peer median is drawn on the radar and shown in the data table.
RADAR_PEER_LENS = BOARD


def _float(value: Any) -> float | None:
    return None if value is None or pd.isna(value) else float(value)


def _index(frame: pd.DataFrame, keys: list[str]) -> dict[tuple, dict]:
    return {tuple(row[k] for k in keys): row for row in frame.to_dict("records")}


def summary_cell(
    summary_rows: Mapping[tuple, dict],
    lens: str,
    ingredient: str,
    asked: Mapping[str, set[str]] | None = None,
) -> Cell:
    """The cell of one lens and ingredient from a summary indexed by (lens, ingredient);
    "not asked" when ``asked`` says the lens's questionnaires never ask about the ingredient."""
    empty = NOT_RECORDED_TEXT if lens == BOARD_AGREED else Cell.empty_text
    if asked is not None and lens in asked and ingredient not in asked[lens]:
        empty = NOT_ASKED_TEXT
    row = summary_rows.get((lens, ingredient))
    if row is None:
        return Cell(None, None, False, empty)
    respondents = row["respondents"]
    return Cell(
        _float(row["score"]),
        None if pd.isna(respondents) else int(respondents),
        bool(row["suppressed"]),
        empty,
    )


def peer_cell(peer_rows: Mapping[tuple, dict], lens: str, ingredient: str) -> Cell:
    """The peer median of one lens and ingredient, or "not shown" (too few organisations)."""
    row = peer_rows.get((lens, ingredient))
    if row is None or not row["shown"]:
        return Cell(None, None, False, NOT_SHOWN_TEXT)
    return Cell(_float(row["median"]), int(row["n_organisations"]), False, NOT_SHOWN_TEXT)


def score_table(
    summary: pd.DataFrame,
    peers: pd.DataFrame,
    ingredients: Ingredients,
    asked: Mapping[str, set[str]] | None = None,
) -> tuple[ScoreRow, ...]:
    """One row per ingredient (model order): a cell per report lens and the board peer median;
    a lens's cell says "not asked" where ``asked`` (lens -> ingredients) leaves it out."""
    cells = _index(summary, ["lens", "ingredient"])
    peer_rows = _index(peers, ["lens", "ingredient"])
    return tuple(
        ScoreRow(
            ingredient,
            title,
            tuple(summary_cell(cells, lens, ingredient, asked) for lens in REPORT_LENSES),
            peer_cell(peer_rows, RADAR_PEER_LENS, ingredient),
        )
        for ingredient, title in ingredients
    )


def radar_scores(table: Sequence[ScoreRow]) -> pd.DataFrame:
    """The radar's input: series (legend name), ingredient, score. Suppressed and missing scores
    are left out, so no value is drawn or embedded for them, and so are lenses with shown scores
    on fewer than ``RADAR_SHAPE_MIN`` ingredients (a lens asked about two ingredients would be
    stray dots; the report says so and its table has them)."""
    drawn = radar_lenses(table)
    rows = []
    for row in table:
        for lens, cell in zip(REPORT_LENSES, row.cells, strict=True):
            if lens in drawn and cell.has_score and not cell.suppressed:
                rows.append((lens_label(lens), row.ingredient, cell.score))
        if row.peer_median.has_score:
            rows.append((PEER_MEDIAN, row.ingredient, row.peer_median.score))
    return pd.DataFrame(rows, columns=["series", "ingredient", "score"])


def radar_chart(table: Sequence[ScoreRow], short_titles: Ingredients, title: str) -> Chart:
    """The report's radar chart: one series per lens with scores, plus the peer median."""
    return radar.radar_chart(radar_scores(table), ingredients=short_titles, title=title)


def _change(trend_rows: Mapping[tuple, dict], lens: str, ingredient: str) -> Change | None:
    row = trend_rows.get((lens, ingredient))
    if row is None:
        return None
    return Change(
        row["previous_cycle"], _float(row["previous_score"]), _float(row["change"]), row["label"]
    )


def statement_scores(answers: pd.DataFrame, texts: Mapping[str, str]) -> pd.DataFrame:
    """Board members' mean level per statement. Columns: ingredient, item_id, score, members."""
    members = answers[
        answers["lens"].eq(BOARD) & answers["score"].notna() & ~answers[NOT_KNOWN].eq(True)
    ]
    grouped = members.groupby(["ingredient", "item_id"], sort=False)["score"]
    result = grouped.agg(score="mean", members="count").reset_index()
    order = {item_id: rank for rank, item_id in enumerate(texts)}
    result["_order"] = result["item_id"].map(order).fillna(len(order))
    return result.sort_values(["_order", "item_id"]).drop(columns="_order")


def _extremes(
    scores: pd.DataFrame, ingredient: str, texts: Mapping[str, str]
) -> tuple[StatementScore | None, StatementScore | None]:
    """Strongest and weakest statements of an ingredient (first in questionnaire order on ties);
    none when fewer than two statements were scored or all share one score."""
    own = scores[scores["ingredient"] == ingredient]
    if len(own) < 2 or own["score"].nunique() < 2:
        return None, None

    def pick(index: object) -> StatementScore:
        row = own.loc[index]
        item = row["item_id"]
        return StatementScore(item, texts.get(item, item), float(row["score"]), int(row["members"]))

    return pick(own["score"].idxmax()), pick(own["score"].idxmin())


def _target_gaps(answers: pd.DataFrame) -> dict[str, TargetGap]:
    """Ingredient target gap of the agreed position when recorded, else of board members."""
    if answers.empty:
        return {}
    gaps = target_gaps(answers, by=("lens",))
    gaps = gaps[(gaps["level"] == "ingredient") & gaps["gap"].notna()]
    chosen: dict[str, TargetGap] = {}
    for row in gaps.to_dict("records"):
        if row["ingredient"] in chosen and row["lens"] != BOARD_AGREED:
            continue
        chosen[row["ingredient"]] = TargetGap(
            row["lens"], float(row["current"]), float(row["target"]), float(row["gap"])
        )
    return chosen


def ingredient_cards(
    summary: pd.DataFrame,
    trends: pd.DataFrame,
    peers: pd.DataFrame,
    answers: pd.DataFrame,
    ingredients: Ingredients,
    texts: Mapping[str, str],
) -> tuple[IngredientCard, ...]:
    """One card per ingredient: each lens's score, level, respondents, change and peer median,
    the strongest and weakest board statements and the target gap."""
    cells = _index(summary, ["lens", "ingredient"])
    trend_rows = _index(trends, ["lens", "ingredient"]) if not trends.empty else {}
    peer_rows = _index(peers, ["lens", "ingredient"])
    scores = statement_scores(answers, texts)
    gaps = _target_gaps(answers)
    cards = []
    for ingredient, title in ingredients:
        lines = tuple(
            LensLine(
                lens,
                lens_label(lens),
                summary_cell(cells, lens, ingredient),
                _change(trend_rows, lens, ingredient),
                peer_cell(peer_rows, lens, ingredient),
            )
            for lens in REPORT_LENSES
        )
        strongest, weakest = _extremes(scores, ingredient, texts)
        cards.append(
            IngredientCard(ingredient, title, lines, strongest, weakest, gaps.get(ingredient))
        )
    return tuple(cards)


def perception_gap_rows(gaps: pd.DataFrame, ingredients: Ingredients) -> tuple[PerceptionGap, ...]:
    """Board members beside experts by experience and partners on mirrored statements only
    (``scoring.mirrored_perception_gaps``), per ingredient in model order."""
    titles = dict(ingredients)
    rows = []
    for row in gaps.to_dict("records"):
        suppressed = bool(row["suppressed"])
        respondents = None if pd.isna(row["respondents"]) else int(row["respondents"])
        rows.append(
            PerceptionGap(
                row["ingredient"],
                titles.get(row["ingredient"], row["ingredient"]),
                row["other_lens"],
                Cell(_float(row["board_score"])),
                Cell(_float(row["other_score"]), respondents, suppressed),
                None if suppressed else _float(row["gap"]),
                int(row["statements"]),
            )
        )
    return tuple(rows)


def not_known_rows(
    answers: pd.DataFrame, ingredients: Ingredients, texts: Mapping[str, str]
) -> tuple[NotKnown, ...]:
    """Board statements that one or more members answered "don't know" to, in model and
    questionnaire order: the board questionnaire promises these are flagged for follow-up."""
    if answers.empty:
        return ()
    board = answers[answers["lens"].eq(BOARD) & answers["ingredient"].notna()]
    if board.empty:
        return ()
    counts = board.groupby(["ingredient", "item_id"], sort=False).agg(
        not_known=(NOT_KNOWN, "sum"), members=("response_id", "nunique")
    )
    counts = counts[counts["not_known"] > 0].reset_index()
    order = {ingredient: rank for rank, (ingredient, _) in enumerate(ingredients)}
    positions = {item_id: rank for rank, item_id in enumerate(texts)}
    counts["_order"] = [
        (order.get(row.ingredient, len(order)), positions.get(row.item_id, len(positions)))
        for row in counts.itertuples()
    ]
    titles = dict(ingredients)
    return tuple(
        NotKnown(
            row["ingredient"],
            titles.get(row["ingredient"], row["ingredient"]),
            row["item_id"],
            texts.get(row["item_id"], row["item_id"]),
            int(row["not_known"]),
            int(row["members"]),
        )
        for row in counts.sort_values("_order").to_dict("records")
    )


def disagreement_rows(
    answers: pd.DataFrame, ingredients: Ingredients, texts: Mapping[str, str]
) -> tuple[Disagreement, ...]:
    """Board statements whose members' levels differ by 2 or more (``board_disagreement``)."""
    if answers.empty:
        return ()
    spread = board_disagreement(answers, by=("lens",))
    spread = spread[spread["disagree"]]
    titles = dict(ingredients)
    return tuple(
        Disagreement(
            row["ingredient"],
            titles.get(row["ingredient"], row["ingredient"]),
            row["item_id"],
            texts.get(row["item_id"], row["item_id"]),
            int(row["members"]),
            int(row["min"]),
            int(row["max"]),
        )
        for row in spread.to_dict("records")
    )


def _gap_cells(row: Mapping[str, Any] | None, empty: str) -> tuple[Cell, Cell, Cell]:
    if row is None:
        blank = Cell(None, None, False, empty)
        return blank, blank, blank
    respondents = row["respondents"]
    people = None if pd.isna(respondents) else int(respondents)
    suppressed = bool(row["suppressed"])
    return tuple(  # type: ignore[return-value]
        Cell(_float(row[column]), people, suppressed, empty)
        for column in ("actual", "hoped", "gap")
    )


def experience_rows(
    by_ingredient: pd.DataFrame,
    trends: pd.DataFrame,
    ingredients: Ingredients,
    asked: set[str],
    peers: pd.DataFrame | None = None,
) -> tuple[ExperienceGap, ...]:
    """One row per ingredient in the model's order: actual, hoped for and gap of experts by
    experience, the gap's change since last cycle, and "not asked" for ingredients that no pair
    of questions informs."""
    found = _index(by_ingredient, ["ingredient"])
    changes = _index(trends, ["ingredient"]) if not trends.empty else {}
    medians = _index(peers, ["ingredient"]) if peers is not None and not peers.empty else {}
    rows = []
    for ingredient, title in ingredients:
        empty = Cell.empty_text if ingredient in asked else NOT_ASKED_TEXT
        actual, hoped, gap = _gap_cells(found.get((ingredient,)), empty)
        change = changes.get((ingredient,))
        median = medians.get((ingredient,))
        peer = (
            Cell(_float(median["median"]), int(median["n_organisations"]), False, NOT_SHOWN_TEXT)
            if median is not None and median["shown"]
            else Cell(None, None, False, NOT_SHOWN_TEXT)
        )
        rows.append(
            ExperienceGap(
                ingredient,
                title,
                actual,
                hoped,
                gap,
                None
                if change is None
                else Change(
                    change["previous_cycle"],
                    _float(change["previous_score"]),
                    _float(change["change"]),
                    change["label"],
                ),
                peer,
            )
        )
    return tuple(rows)


def experience_question_rows(
    by_item: pd.DataFrame, pairs: Sequence[tuple[str, str]]
) -> tuple[ExperienceGap, ...]:
    """One row per pair of questions (key, wording), in questionnaire order."""
    found = _index(by_item, ["item_id"])
    return tuple(
        ExperienceGap(key, text, *_gap_cells(found.get((key,)), Cell.empty_text))
        for key, text in pairs
    )


def experience_gap_frame(rows: Sequence[ExperienceGap]) -> pd.DataFrame:
    """The dumbbell chart's input: item (the question), actual and hoped, for rows shown only,
    so no suppressed figure is drawn or embedded in the chart."""
    shown = [(row.title, row.actual.score, row.hoped.score) for row in rows if row.shown]
    return pd.DataFrame(shown, columns=["item", "actual", "hoped"])


NOT_GIVEN_LABEL = "Did not say"
COMPLEMENT_TEXT = "not shown, so that a smaller group cannot be worked out"


def breakdown(
    frame: pd.DataFrame,
    labels: Mapping[str, str],
    question: str | None,
    lens: str,
    ingredients: Ingredients,
    rules: DisclosureRules,
) -> Breakdown | None:
    """A lens's ingredient scores for each answer to its breakdown question. A group with fewer
    than the minimum number of respondents is suppressed, and so is the next-smallest group when
    the hidden ones could otherwise be worked out from the lens's total (``suppress_complements``).
    None when there is nothing to break down."""
    if frame.empty or question is None:
        return None
    grouped = frame.assign(group=frame["group"].fillna(NOT_GIVEN_LABEL))
    parent = summarise_scores(grouped, by=[LENS], rules=rules)
    children = summarise_scores(grouped, by=[LENS, "group"], rules=rules)
    protected = suppress_complements(parent, children, rules=rules, child_key="group")
    present = set(protected["ingredient"])
    columns = tuple((i, title) for i, title in ingredients if i in present)
    cells = _index(protected, ["group", "ingredient"])
    order = [value for value in labels if value in set(protected["group"])]
    if NOT_GIVEN_LABEL in set(protected["group"]):
        order.append(NOT_GIVEN_LABEL)
    rows = []
    for value in order:
        row_cells = []
        for ingredient, _ in columns:
            row = cells.get((value, ingredient))
            if row is None:
                row_cells.append(Cell(None))
            elif bool(row.get("complement_suppressed")):
                row_cells.append(Cell(None, None, False, COMPLEMENT_TEXT))
            else:
                respondents = row["respondents"]
                row_cells.append(
                    Cell(
                        _float(row["score"]),
                        None if pd.isna(respondents) else int(respondents),
                        bool(row["suppressed"]),
                    )
                )
        rows.append(BreakdownRow(labels.get(value, value), tuple(row_cells)))
    return Breakdown(lens, question, columns, tuple(rows))


def statement_facts(answers: pd.DataFrame, texts: Mapping[str, str]) -> tuple[StatementFacts, ...]:
    """What the suggested priorities need of each board statement members answered: their mean
    level and target, how many scored it, the lowest and highest level, and "don't know"s."""
    if answers.empty:
        return ()
    board = answers[answers["lens"].eq(BOARD) & answers["ingredient"].notna()]
    if board.empty:
        return ()
    not_known = board[NOT_KNOWN].eq(True)
    scored = board["score"].notna() & ~not_known
    frame = pd.DataFrame(
        {
            "ingredient": board["ingredient"],
            "item_id": board["item_id"],
            "score": board["score"].where(scored).astype(float),
            "target": board["target"].astype(float),
            "not_known": not_known.astype(int),
        }
    )
    grouped = frame.groupby(["ingredient", "item_id"], sort=False).agg(
        current=("score", "mean"),
        members=("score", "count"),
        lowest=("score", "min"),
        highest=("score", "max"),
        target=("target", "mean"),
        not_known=("not_known", "sum"),
    )
    return tuple(
        StatementFacts(
            ingredient=row["ingredient"],
            item_id=row["item_id"],
            text=texts.get(row["item_id"], row["item_id"]),
            current=_float(row["current"]),
            target=_float(row["target"]),
            members=int(row["members"]),
            lowest=None if pd.isna(row["lowest"]) else int(row["lowest"]),
            highest=None if pd.isna(row["highest"]) else int(row["highest"]),
            not_known=int(row["not_known"]),
        )
        for row in grouped.reset_index().to_dict("records")
    )


def ingredient_facts(
    cards: Sequence[IngredientCard],
    perception: Sequence[PerceptionGap],
    peers: pd.DataFrame,
) -> tuple[IngredientFacts, ...]:
    """What the suggested priorities need of each ingredient: the target gap, the perception
    gaps (each saying whether its lens may be shown) and the place in the comparator group."""
    peer_rows = _index(peers, ["lens", "ingredient"]) if not peers.empty else {}
    facts = []
    for card in cards:
        peer = peer_rows.get((RADAR_PEER_LENS, card.ingredient))
        shown = bool(peer is not None and peer.get("shown"))
        facts.append(
            IngredientFacts(
                ingredient=card.ingredient,
                title=card.title,
                current=card.target_gap.current if card.target_gap else None,
                target=card.target_gap.target if card.target_gap else None,
                perception=tuple(
                    LensComparison(
                        lens=gap.other_lens,
                        label=lens_label(gap.other_lens),
                        board=gap.board.score if gap.board.has_score else None,
                        other=gap.other.score if gap.other.has_score else None,
                        shown=gap.other.has_score and not gap.other.suppressed,
                    )
                    for gap in perception
                    if gap.ingredient == card.ingredient
                ),
                score=_float(peer.get("organisation_score")) if shown and peer else None,
                lower_quartile=_float(peer.get("q1")) if shown and peer else None,
                group_shown=shown,
            )
        )
    return tuple(facts)
