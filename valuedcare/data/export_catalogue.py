"""The exports the service offers, in one place for the download route and ``flask export``.

- ``answers``: board answers row by row (board members are named respondents);
- ``scores``: ingredient scores per organisation, cycle and lens;
- ``summaries``: experts by experience and partners as protected item-level aggregates.

Every export takes the disclosure rules; none carries anonymous answers row by row.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from valuedcare.data import exports, question_summaries
from valuedcare.disclosure import DisclosureRules
from valuedcare.export_format import Readme


@dataclass(frozen=True)
class ExportKind:
    """One export: its columns, its rows and what its Excel "Readme" sheet says."""

    name: str
    sheet: str
    columns: tuple[str, ...]
    rows: Callable[..., Iterator[list[tuple]]]
    readme: Callable[[DisclosureRules], Readme]
    help: str

    def chunks(self, export: exports.ExportFilter, rules: DisclosureRules) -> Iterator[list[tuple]]:
        """The export's rows, in chunks."""
        return self.rows(export, rules=rules)


EXPORTS: dict[str, ExportKind] = {
    "answers": ExportKind(
        "answers",
        "Answers",
        exports.ANSWER_COLUMNS,
        exports.iter_answer_rows,
        exports.answers_readme,
        "One row per answer of every board member and agreed position (named lenses only).",
    ),
    "scores": ExportKind(
        "scores",
        "Scores",
        exports.SCORE_COLUMNS,
        exports.iter_score_rows,
        exports.scores_readme,
        "One row per organisation, cycle, lens and ingredient.",
    ),
    "summaries": ExportKind(
        "summaries",
        "Question summaries",
        question_summaries.SUMMARY_COLUMNS,
        question_summaries.iter_summary_rows,
        question_summaries.summaries_readme,
        "Experts by experience and partners per question and group, for groups large enough "
        "to keep people anonymous.",
    ),
}
