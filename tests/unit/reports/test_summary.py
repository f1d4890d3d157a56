"""The report's summary: plain sentences, each traced to the figures it quotes, and nothing from
a figure the disclosure rules hide.

The worked example is a trust whose numbers are set by hand; the properties run over reports
drawn at random, with suppressed cells that hold numbers of their own (as a careless caller
could pass them): the summary must not move when only hidden numbers change.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from valuedcare.data.records import AssessmentInfo
from valuedcare.disclosure import DisclosureRules
from valuedcare.reports.model import (
    REPORT_LENSES,
    AgreedProgress,
    Cell,
    Change,
    ExperienceGap,
    IngredientCard,
    LensLine,
    PerceptionGap,
    PlanLine,
    PlanSummary,
    ScoreRow,
    TargetGap,
    TrustReport,
)
from valuedcare.reports.summary import summarise

TITLES = (
    "Experts by experience",
    "Understanding the national picture",
    "Understanding the local area",
    "Culture",
    "Leadership",
    "Understanding your business and resources",
    "Improvement approach",
    "Patient safety",
    "Digitalisation",
    "Innovation",
)
ANONYMOUS = ("experts_by_experience", "partner")
LABELS = ("improved", "declined", "no clear change", "not comparable")
NUMBER = re.compile(r"[+-]?\d[\d,./]*\d|[+-]?\d")


def _info() -> AssessmentInfo:
    return AssessmentInfo(
        1, 2, "TST1", "Test Trust", "Peers", False, 3, "2025/26", "closed",
        date(2025, 4, 1), date(2026, 3, 31),
    )  # fmt: skip


def _plan(opened: int, overdue: int, done: int) -> PlanSummary:
    def line(late: bool) -> PlanLine:
        return PlanLine("Culture", "Do a thing", "Chief nurse", None, "In progress", late, "2025")

    return PlanSummary(
        open=tuple(line(index < overdue) for index in range(opened)),
        done=tuple(line(False) for _ in range(done)),
    )


# A worked example ------------------------------------------------------------------------------


def _worked_example() -> TrustReport:
    """Board members: Culture 3.8 (strongest), Digitalisation 1.9 (weakest), the rest 2.5.
    Experts by experience: 6 people, Culture 2.1 (shown); partners: 3 people, suppressed, with
    a hidden 4.9 that must never appear."""
    board = {title: 2.5 for title in TITLES} | {"Culture": 3.8, "Digitalisation": 1.9}
    rows, cards = [], []
    for index, title in enumerate(TITLES):
        cells = (
            Cell(board[title], 9),
            Cell(None, None, False, "not recorded"),
            Cell(2.1, 6) if title == "Culture" else Cell(None, None, False, "not asked"),
            Cell(4.9, 3, True),
        )
        peers = {"Culture": 2.5, "Leadership": 2.5, "Innovation": 2.8}
        peer = Cell(peers[title], 7) if title in peers else Cell(None)
        rows.append(ScoreRow(f"i{index}", title, cells, peer))
        changes = {"Culture": "improved", "Innovation": "declined"}
        lines = tuple(
            LensLine(
                lens,
                lens,
                cell,
                Change("2024/25", 2.0, 0.6, changes.get(title, "no clear change"))
                if lens == "board"
                else Change("2024/25", 1.0, 3.0, "improved"),  # hidden or not asked: unread
                Cell(None),
            )
            for lens, cell in zip(REPORT_LENSES, cells, strict=True)
        )
        target = TargetGap("board", 2.5, 4.0, 1.5) if title == "Leadership" else None
        cards.append(IngredientCard(f"i{index}", title, lines, None, None, target))
    return TrustReport(
        info=_info(),
        previous_cycle="2024/25",
        respondents={"board": 9, "experts_by_experience": 6, "partner": 3},
        table=tuple(rows),
        peer_shown=True,
        cards=tuple(cards),
        perception_gaps=(
            PerceptionGap(
                "culture", "Culture", "experts_by_experience", Cell(3.8), Cell(2.1, 6), 1.7, 3
            ),
            PerceptionGap("culture", "Culture", "partner", Cell(3.8), Cell(1.0, 3, True), 2.8, 3),
        ),  # fmt: skip
        disagreements=(),
        agreed=(),
        agreed_progress=AgreedProgress(12, 52),
        experience=(
            ExperienceGap("culture", "Culture", Cell(2.4, 6), Cell(4.1, 6), Cell(1.7, 6)),
            ExperienceGap(
                "leadership",
                "Leadership",
                Cell(1.0, 3, True),
                Cell(5.0, 3, True),
                Cell(4.0, 3, True),
            ),
        ),  # fmt: skip
        plan=_plan(opened=4, overdue=1, done=2),
    )


def test_the_worked_example_reads_as_a_board_would_say_it() -> None:
    texts = {sentence.topic: sentence.text for sentence in summarise(_worked_example())}
    assert texts == {
        "responses": "Responses: 9 board members, 5 to 9 experts by experience and fewer than 5 "
        "partners.",
        "agreed_position": "The board has agreed 12 of 52 statements so far, so the summary uses "
        "board members' own scores until every statement is agreed.",
        "strongest_and_weakest": "On board members' scores, the trust is strongest on Culture "
        "(3.8, Developing) and weakest on Digitalisation (1.9, Beginning).",
        "target_gaps": "The only gap to the targets the board set for a year from now: "
        "Leadership (from 2.5 to 4.0, a gap of 1.5).",
        "experience_gap": "Experts by experience said care fell furthest short of what they "
        "hoped for on Culture: 2.4 for what happened against 4.1 hoped for, an average shortfall "
        "of 1.7.",
        "perception_gap": "The largest perception gap is on Culture: board members rate it "
        "higher (3.8) than experts by experience do (2.1), a gap of +1.7.",
        "changes": "Since 2024/25, board members' scores improved on Culture, declined on "
        "Innovation and showed no clear change on 8 other ingredients; scores from experts by "
        "experience improved on Culture.",
        "peers": "Against the median of similar trusts that share their results, board members' "
        "scores are above it on 1 ingredient, level with it on 1 and below it on 1; furthest "
        "below on Innovation (2.5 against 2.8).",
        "plan": "The improvement plan has 4 open actions, 1 of them overdue, and 2 actions done "
        "since this cycle opened.",
    }


def test_once_every_statement_is_agreed_the_summary_leads_with_the_agreed_position() -> None:
    report = _worked_example()
    agreed_rows = tuple(
        replace(row, cells=(row.cells[0], Cell(3.0 if row.title == "Culture" else 2.0),
                            *row.cells[2:]))
        for row in report.table
    )  # fmt: skip
    report = replace(report, table=agreed_rows, agreed_progress=AgreedProgress(52, 52))
    texts = {sentence.topic: sentence.text for sentence in summarise(report)}
    assert texts["agreed_position"].startswith("The board agreed its position on all 52")
    assert texts["strongest_and_weakest"] == (
        "On the board's agreed position, the trust is strongest on Culture (3.0, Developing) and "
        "weakest on Experts by experience, Understanding the national picture, Understanding "
        "the local area, Leadership, Understanding your business and resources, Improvement "
        "approach, Patient safety, Digitalisation and Innovation (2.0, Emerging)."
    )


def test_a_report_with_nothing_yet_says_so_plainly() -> None:
    report = TrustReport(
        info=_info(), previous_cycle=None, respondents={}, table=(), peer_shown=False, cards=(),
        perception_gaps=(), disagreements=(), agreed=(),
    )  # fmt: skip
    assert [sentence.text for sentence in summarise(report)] == [
        "The board has not recorded its agreed position yet, so the summary uses board members' "
        "own scores.",
        "No targets have been set yet for where the board wants to be.",
        "The improvement plan has no actions yet.",
    ]


# Reports drawn at random -----------------------------------------------------------------------

scores = st.one_of(st.none(), st.floats(min_value=1, max_value=5))
hidden_scores = st.lists(st.floats(min_value=1, max_value=5), min_size=200, max_size=200)


@st.composite
def report_specs(draw: st.DrawFn) -> dict:
    """Everything but the numbers that disclosure control hides, which ``_build`` takes apart."""
    ingredients = []
    for title in TITLES:
        ingredients.append(
            {
                "title": title,
                "board": draw(scores),
                "agreed": draw(scores),
                "anonymous": {lens: (draw(scores), draw(st.booleans())) for lens in ANONYMOUS},
                "peer": draw(scores),
                "labels": [draw(st.sampled_from(LABELS)) for _ in REPORT_LENSES],
                "target": draw(st.one_of(st.none(), st.tuples(scores, scores))),
                "perception": draw(st.one_of(st.none(), st.tuples(scores, st.booleans()))),
                "experience": draw(st.one_of(st.none(), st.tuples(scores, scores, st.booleans()))),
            }
        )
    statements = draw(st.integers(0, 60))
    return {
        "ingredients": ingredients,
        "previous": draw(st.sampled_from([None, "2024/25"])),
        "board_count": draw(st.integers(0, 15)),
        "bands": {lens: draw(st.sampled_from([0, 1, 5, 10, 20])) for lens in ANONYMOUS},
        "agreed": (draw(st.integers(0, statements)), statements),
        "plan": (draw(st.integers(0, 5)), draw(st.integers(0, 5)), draw(st.integers(0, 5))),
    }


#: For each band of anonymous respondents, the counts in it (the report shows only the band).
BAND_COUNTS = {0: (0,), 1: (1, 2, 3, 4), 5: (5, 7, 9), 10: (10, 15, 19), 20: (20, 33, 250)}


def _build(spec: dict, hidden: list[float], pick: int) -> TrustReport:
    """The report of ``spec``; suppressed cells, and whatever only they inform, take their
    numbers from ``hidden``, and anonymous counts the ``pick``-th count of their band."""
    numbers = iter(hidden)
    rows, cards, perception, experience = [], [], [], []
    for index, each in enumerate(spec["ingredients"]):
        title, key = each["title"], f"i{index}"
        cells = [Cell(each["board"], spec["board_count"] or None), Cell(each["agreed"])]
        for lens in ANONYMOUS:
            score, suppressed = each["anonymous"][lens]
            cells.append(Cell(next(numbers), 3, True) if suppressed else Cell(score, 9))
        rows.append(ScoreRow(key, title, tuple(cells), Cell(each["peer"], 6)))
        lines = tuple(
            LensLine(
                lens,
                lens,
                cell,
                Change("2024/25", next(numbers), next(numbers), LABELS[pick % len(LABELS)])
                if cell.suppressed
                else Change("2024/25", 2.0, 0.5, label),
                Cell(None),
            )
            for lens, cell, label in zip(REPORT_LENSES, cells, each["labels"], strict=True)
        )
        target = None
        if each["target"] and None not in each["target"]:
            current, wanted = each["target"]
            target = TargetGap("board", current, wanted, max(0.0, wanted - current))
        cards.append(IngredientCard(key, title, lines, None, None, target))
        if each["perception"]:
            other, suppressed = each["perception"]
            theirs = Cell(next(numbers), 3, True) if suppressed else Cell(other, 8)
            gap_size = next(numbers) if suppressed else (
                None if other is None or each["board"] is None else each["board"] - other
            )  # fmt: skip
            perception.append(
                PerceptionGap(key, title, "partner", Cell(each["board"]), theirs, gap_size, 2)
            )
        if each["experience"]:
            actual, hoped, suppressed = each["experience"]
            if suppressed:
                trio = [Cell(next(numbers), 2, True) for _ in range(3)]
            else:
                gap_size = None if None in (actual, hoped) else max(0.0, hoped - actual)
                trio = [Cell(actual, 8), Cell(hoped, 8), Cell(gap_size, 8)]
            experience.append(ExperienceGap(key, title, *trio))
    counts = {
        lens: BAND_COUNTS[band][pick % len(BAND_COUNTS[band])]
        for lens, band in spec["bands"].items()
    }
    return TrustReport(
        info=_info(),
        previous_cycle=spec["previous"],
        respondents={"board": spec["board_count"], **counts},
        table=tuple(rows),
        peer_shown=True,
        cards=tuple(cards),
        perception_gaps=tuple(perception),
        disagreements=(),
        agreed=(),
        agreed_progress=AgreedProgress(*spec["agreed"]),
        rules=DisclosureRules(),
        experience=tuple(experience),
        plan=_plan(spec["plan"][0], min(spec["plan"][:2]), spec["plan"][2]),
    )


@settings(max_examples=150, deadline=None)
@given(spec=report_specs(), first=hidden_scores, second=hidden_scores, pick=st.integers(0, 9))
def test_numbers_the_rules_hide_never_move_the_summary(
    spec: dict, first: list[float], second: list[float], pick: int
) -> None:
    """Differencing: two reports that differ only in what disclosure control hides (suppressed
    scores, the changes and gaps only they inform, and anonymous counts within their band) give
    the same summary, word for word."""
    one = summarise(_build(spec, first, 0))
    other = summarise(_build(spec, second, pick))
    assert one == other


@settings(max_examples=150, deadline=None)
@given(spec=report_specs(), hidden=hidden_scores)
def test_every_number_in_a_sentence_is_one_of_its_traced_figures(
    spec: dict, hidden: list[float]
) -> None:
    for sentence in summarise(_build(spec, hidden, 0)):
        for figure in sentence.figures:
            assert figure.text in sentence.text, (figure, sentence.text)
        untraced = [
            number
            for number in NUMBER.findall(sentence.text)
            if not any(number in figure.text for figure in sentence.figures)
        ]
        assert not untraced, (untraced, sentence.text)
