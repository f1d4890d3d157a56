"""Problems found in questionnaire files, and the exception that carries them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

DOCUMENT_PATH = "(document)"


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a questionnaire or ingredients file.

    ``line`` and ``column`` are 1-based positions in the file. ``path`` names the place in the
    document, such as ``sections[3].items[2].levels``; problems about the file as a whole use
    ``(document)``.
    """

    file: str
    line: int
    column: int
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}:{self.column}: {self.path}: {self.message}"


class QuestionnaireError(Exception):
    """Raised when a questionnaire or ingredients file cannot be used.

    ``problems`` lists every problem found, in file and line order.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems: list[Problem] = sorted(problems)
        super().__init__(self._summary())

    def _summary(self) -> str:
        if not self.problems:
            return "questionnaire problem"
        lines = [str(problem) for problem in self.problems[:20]]
        if len(self.problems) > 20:
            lines.append(f"... and {len(self.problems) - 20} more problems")
        return "\n".join(lines)
