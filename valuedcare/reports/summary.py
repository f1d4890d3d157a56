"""The summary a trust report opens with: a few sentences in plain words, each with its numbers.

Pure: built from a ``TrustReport`` only, so it can say nothing the report's disclosure rules
have not already allowed. A cell that is suppressed (too few anonymous respondents) is never
read, whatever number it holds, and anonymous lenses' responses are given in the report's bands.
Each sentence lists the figures it quotes (``Figure``), so a reader, or a test, can trace every
number back to the table it comes from.

The sentences, in order, when there is something to say:

1. who responded, per lens;
2. the board's agreed position (recorded, provisional or not yet);
3. where the trust is strongest and weakest (the agreed position once every statement is
   agreed, otherwise board members' mean scores);
4. the largest gaps to the targets the board set;
5. where experts by experience said care fell furthest short of what they hoped for;
6. the largest perception gap between board members and another group;
7. what changed since the previous cycle (the trends page's change rule: ``scoring.trends``);
8. where board members' scores sit against the peer median of similar trusts;
9. what the improvement plan says.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from decimal import Decimal

from valuedcare.formatting import join_names, one_dp
from valuedcare.reports.model import (
    REPORT_LENSES,
    Cell,
    Figure,
    SummarySentence,
    TrustReport,
    level_name,
    respondents_text,
    signed_one_dp,
)
from valuedcare.scoring.columns import BOARD, BOARD_AGREED, EXPERTS_BY_EXPERIENCE, PARTNER
from valuedcare.scoring.trends import DECLINED, IMPROVED, NO_CLEAR_CHANGE

#: How many ingredients the sentence on gaps to target names, largest first.
TARGET_GAPS_NAMED = 3

#: How each lens is named inside a sentence.
LENS_PHRASES = {
    BOARD: "board members",
    BOARD_AGREED: "the board's agreed position",
    EXPERTS_BY_EXPERIENCE: "experts by experience",
    PARTNER: "partners",
}

#: The people who answer for each lens, singular and plural, for the sentence on responses.
RESPONDENT_NOUNS = {
    BOARD: ("board member", "board members"),
    EXPERTS_BY_EXPERIENCE: ("expert by experience", "experts by experience"),
    PARTNER: ("partner", "partners"),
}

#: What a sentence about one lens's scores is about ("board members' scores ...").
SCORE_SUBJECTS = {
    BOARD: "board members' scores",
    BOARD_AGREED: "the board's agreed position",
    EXPERTS_BY_EXPERIENCE: "scores from experts by experience",
}


def summarise(report: TrustReport) -> tuple[SummarySentence, ...]:
    """The report's summary sentences, in the order the module describes."""
    parts: list[Callable[[TrustReport], SummarySentence | None]] = [
        _responses,
        _agreed_position,
        _strongest_and_weakest,
        _target_gaps,
        _experience_gap,
        _perception_gap,
        _changes,
        _peers,
        _plan,
    ]
    return tuple(sentence for part in parts if (sentence := part(report)) is not None)


def shown(cell: Cell | None) -> bool:
    """Whether a cell's number may be quoted: it has one and it is not suppressed."""
    return cell is not None and cell.has_score and not cell.suppressed


def shown_score(cell: Cell | None) -> float | None:
    """A cell's score when it may be quoted (``shown``), else None."""
    return cell.score if cell is not None and shown(cell) else None


def headline_lens(report: TrustReport) -> str:
    """The lens the summary leads with: the agreed position once every statement is agreed,
    otherwise board members' own scores."""
    index = REPORT_LENSES.index(BOARD_AGREED)
    if report.agreed_progress.is_complete and any(shown(row.cells[index]) for row in report.table):
        return BOARD_AGREED
    return BOARD


def _shown_value(score: float) -> Decimal:
    """A score as the reader sees it (one decimal place), so that ties are ties on the page."""
    return Decimal(one_dp(score).replace(",", ""))


def _counted(number: int, singular: str, plural: str | None = None) -> str:
    return f"{number} {singular if number == 1 else plural or singular + 's'}"


def _scored(title: str, score: float) -> str:
    return f"{title} ({one_dp(score)}, {level_name(score)})"


def _responses(report: TrustReport) -> SummarySentence | None:
    parts, figures = [], []
    for lens, (singular, plural) in RESPONDENT_NOUNS.items():
        count = report.respondents.get(lens)
        if not count:
            parts.append(f"no {plural}")
            continue
        text = respondents_text(lens, count, report.rules)
        parts.append(f"{text} {singular if count == 1 and lens == BOARD else plural}")
        figures.append(Figure(f"Responses: {LENS_PHRASES[lens]}", text))
    if not figures:
        return None
    return SummarySentence("responses", f"Responses: {join_names(parts)}.", tuple(figures))


def _agreed_position(report: TrustReport) -> SummarySentence:
    progress = report.agreed_progress
    if progress.agreed == 0 or progress.total == 0:
        return SummarySentence(
            "agreed_position",
            "The board has not recorded its agreed position yet, so the summary uses board "
            "members' own scores.",
        )
    total = Figure("Statements to agree", str(progress.total))
    if progress.is_complete:
        return SummarySentence(
            "agreed_position",
            f"The board agreed its position on all {total.text} statements, and the summary "
            "uses it.",
            (total,),
        )
    agreed = Figure("Statements agreed", str(progress.agreed))
    return SummarySentence(
        "agreed_position",
        f"The board has agreed {agreed.text} of {total.text} statements so far, so the summary "
        "uses board members' own scores until every statement is agreed.",
        (agreed, total),
    )


def _strongest_and_weakest(report: TrustReport) -> SummarySentence | None:
    lens = headline_lens(report)
    index = REPORT_LENSES.index(lens)
    scored = [
        (row.title, score)
        for row in report.table
        if (score := shown_score(row.cells[index])) is not None
    ]
    if len(scored) < 2:
        return None
    values = {title: _shown_value(score) for title, score in scored}
    best, worst = max(values.values()), min(values.values())
    phrase = LENS_PHRASES[lens]
    figures = tuple(
        Figure(f"Score: {title}, {phrase}", one_dp(score))
        for title, score in scored
        if values[title] in (best, worst)
    )
    if best == worst:
        return SummarySentence(
            "strongest_and_weakest",
            f"On {SCORE_SUBJECTS[lens]}, every ingredient has the same score: {figures[0].text}.",
            figures[:1],
        )
    strongest = [(title, score) for title, score in scored if values[title] == best]
    weakest = [(title, score) for title, score in scored if values[title] == worst]
    text = (
        f"On {SCORE_SUBJECTS[lens]}, the trust is strongest on {_group(strongest)} and weakest on "
        f"{_group(weakest)}."
    )
    return SummarySentence("strongest_and_weakest", text, figures)


def _group(items: Sequence[tuple[str, float]]) -> str:
    """Ingredients that share one score: "Culture (3.8, Developing)", or "Culture and
    Leadership (3.8, Developing)"."""
    titles = join_names([title for title, _ in items])
    return _scored(titles, items[0][1])


def _target_gaps(report: TrustReport) -> SummarySentence | None:
    with_target = [card for card in report.cards if card.target_gap is not None]
    if not with_target:
        return SummarySentence(
            "target_gaps", "No targets have been set yet for where the board wants to be."
        )
    gaps = [
        card
        for card in with_target
        if card.target_gap is not None and _shown_value(card.target_gap.gap) > 0
    ]
    if not gaps:
        return SummarySentence(
            "target_gaps", "Every ingredient with a target has already reached it."
        )
    gaps.sort(key=lambda card: -_shown_value(card.target_gap.gap))  # type: ignore[union-attr]
    named, figures = [], []
    for card in gaps[:TARGET_GAPS_NAMED]:
        gap = card.target_gap
        assert gap is not None
        current, target, size = one_dp(gap.current), one_dp(gap.target), one_dp(gap.gap)
        named.append(f"{card.title} (from {current} to {target}, a gap of {size})")
        figures += [
            Figure(f"Current level: {card.title}", current),
            Figure(f"Target: {card.title}", target),
            Figure(f"Gap to target: {card.title}", size),
        ]
    lead = "The largest gaps" if len(named) > 1 else "The only gap"
    return SummarySentence(
        "target_gaps",
        f"{lead} to the targets the board set for a year from now: {join_names(named)}.",
        tuple(figures),
    )


def _experience_gap(report: TrustReport) -> SummarySentence | None:
    gaps = [row for row in report.experience if row.shown]
    if not gaps:
        if any(row.gap.suppressed for row in report.experience):
            return SummarySentence(
                "experience_gap",
                "How far care fell short of what experts by experience hoped for is not shown: "
                f"fewer than {report.rules.min_respondents} people answered.",
                (Figure("Fewest respondents shown", str(report.rules.min_respondents)),),
            )
        return None
    widest = max(gaps, key=lambda row: _shown_value(row.gap.score))  # type: ignore[arg-type]
    actual, hoped, gap = widest.actual.text, widest.hoped.text, widest.gap.text
    return SummarySentence(
        "experience_gap",
        f"Experts by experience said care fell furthest short of what they hoped for on "
        f"{widest.title}: {actual} for what happened against {hoped} hoped for, an average "
        f"shortfall of {gap}.",
        (
            Figure(f"What happened: {widest.title}", actual),
            Figure(f"What was hoped for: {widest.title}", hoped),
            Figure(f"Gap: {widest.title}", gap),
        ),
    )


def _perception_gap(report: TrustReport) -> SummarySentence | None:
    gaps = [
        gap
        for gap in report.perception_gaps
        if shown(gap.board) and shown(gap.other) and gap.gap is not None and gap.gap == gap.gap
    ]
    if not gaps:
        return None
    widest = max(gaps, key=lambda gap: abs(_shown_value(gap.gap)))  # type: ignore[arg-type]
    if _shown_value(widest.gap) == 0:  # type: ignore[arg-type]
        return None
    other = LENS_PHRASES.get(widest.other_lens, widest.other_lens)
    board, theirs, size = widest.board.text, widest.other.text, signed_one_dp(widest.gap)
    direction = "higher" if (widest.gap or 0) > 0 else "lower"
    return SummarySentence(
        "perception_gap",
        f"The largest perception gap is on {widest.title}: board members rate it {direction} "
        f"({board}) than {other} do ({theirs}), a gap of {size}.",
        (
            Figure(f"Board members: {widest.title}", board),
            Figure(f"{other.capitalize()}: {widest.title}", theirs),
            Figure(f"Perception gap: {widest.title}", size),
        ),
    )


def _changes(report: TrustReport) -> SummarySentence | None:
    if not report.previous_cycle:
        return None
    clauses, figures = [], [Figure("Previous cycle", report.previous_cycle)]
    for lens in dict.fromkeys((headline_lens(report), EXPERTS_BY_EXPERIENCE)):
        index = REPORT_LENSES.index(lens)
        labels = [
            (card.title, line.change.label)
            for card in report.cards
            if shown((line := card.lines[index]).cell) and line.change is not None
        ]
        improved = [title for title, label in labels if label == IMPROVED]
        declined = [title for title, label in labels if label == DECLINED]
        steady = sum(1 for _, label in labels if label == NO_CLEAR_CHANGE)
        subject = SCORE_SUBJECTS[lens]
        if not (improved or declined):
            if steady:
                clauses.append(f"{subject} showed no clear change on any ingredient")
            continue
        parts = [f"improved on {join_names(improved)}"] if improved else []
        if declined:
            parts.append(f"declined on {join_names(declined)}")
        if steady:
            parts.append(f"showed no clear change on {_counted(steady, 'other ingredient')}")
            figures.append(Figure(f"Ingredients without a clear change: {subject}", str(steady)))
        clauses.append(f"{subject} {join_names(parts)}")
    if not clauses:
        return None
    return SummarySentence(
        "changes", f"Since {report.previous_cycle}, {'; '.join(clauses)}.", tuple(figures)
    )


def _peers(report: TrustReport) -> SummarySentence | None:
    index = REPORT_LENSES.index(BOARD)
    pairs = [
        (row.title, row.cells[index].score, row.peer_median.score)
        for row in report.table
        if shown(row.cells[index]) and shown(row.peer_median)
    ]
    if not pairs:
        return None
    differences = [
        (title, ours, theirs, _shown_value(ours) - _shown_value(theirs))  # type: ignore[arg-type]
        for title, ours, theirs in pairs
    ]
    above = sum(1 for *_, difference in differences if difference > 0)
    level = sum(1 for *_, difference in differences if difference == 0)
    below = sum(1 for *_, difference in differences if difference < 0)
    counts = [
        f"above it on {_counted(above, 'ingredient')}",
        f"level with it on {level}",
        f"below it on {below}",
    ]
    figures = [
        Figure("Ingredients above the peer median", str(above)),
        Figure("Ingredients level with the peer median", str(level)),
        Figure("Ingredients below the peer median", str(below)),
    ]
    text = (
        "Against the median of similar trusts that share their results, board members' scores "
        f"are {join_names(counts)}"
    )
    title, ours, theirs, difference = min(differences, key=lambda each: each[3])
    if difference < 0:
        text += f"; furthest below on {title} ({one_dp(ours)} against {one_dp(theirs)})"
        figures += [
            Figure(f"Board members: {title}", one_dp(ours)),
            Figure(f"Peer median: {title}", one_dp(theirs)),
        ]
    return SummarySentence("peers", text + ".", tuple(figures))


def _plan(report: TrustReport) -> SummarySentence:
    plan = report.plan
    opened, overdue, done = len(plan.open), len(plan.overdue), len(plan.done)
    if not (opened or done):
        return SummarySentence("plan", "The improvement plan has no actions yet.")
    figures = [Figure("Open actions", str(opened))]
    text = f"The improvement plan has {_counted(opened, 'open action')}"
    if overdue:
        text += f", {overdue} of them overdue"
        figures.append(Figure("Overdue actions", str(overdue)))
    if done:
        text += f", and {_counted(done, 'action')} done since this cycle opened"
        figures.append(Figure("Actions done this cycle", str(done)))
    return SummarySentence("plan", text + ".", tuple(figures))


def figures_of(sentences: Iterable[SummarySentence]) -> list[Figure]:
    """Every figure quoted by ``sentences``, in order."""
    return [figure for sentence in sentences for figure in sentence.figures]
