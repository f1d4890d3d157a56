"""Words in free text that suggest a risk of harm, read from ``questionnaires/safety/`` (pure).

This is a deliberately simple check, not a model: a list of phrases in YAML that anyone can read,
change and test. A phrase matches whole words, ignoring case, extra spaces and the kind of
apostrophe; a phrase ending in ``*`` also matches longer words (``suicid*`` matches "suicide" and
"suicidal"). It will miss some worrying comments and flag some harmless ones (for example a
comment about a film), which is why a match only shows the person the help panel again and asks
a lead to read the comment; it never decides anything about anybody.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict
from pydantic_core import PydanticCustomError

from valuedcare.questionnaire.errors import QuestionnaireError
from valuedcare.questionnaire.fields import NonEmpty, Text, Version

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})
_PHRASE = re.compile(r"^[a-z0-9' -]+\*?$")


def _phrase(value: str) -> str:
    cleaned = " ".join(value.translate(_APOSTROPHES).lower().split())
    if not _PHRASE.match(cleaned) or cleaned.startswith("*"):
        raise PydanticCustomError(
            "risk_phrase",
            "a phrase is words of letters, digits, apostrophes and hyphens, optionally ending "
            "in * to match longer words",
        )
    if cleaned.rstrip("*").strip() in {"", "-", "'"} or len(cleaned.rstrip("*")) < 3:
        raise PydanticCustomError("risk_phrase", "a phrase needs at least 3 letters")
    return cleaned


Phrase = Annotated[str, AfterValidator(_phrase)]


class RiskWordsDocument(BaseModel):
    """The risk-words file: ``kind: risk_words``, a ``version``, a ``description`` and
    ``phrases``."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kind: Literal["risk_words"]
    version: Version
    description: Text
    phrases: Annotated[tuple[Phrase, ...], NonEmpty]


def normalise(text: str) -> str:
    """Lower case, one kind of apostrophe, single spaces."""
    return " ".join(text.translate(_APOSTROPHES).lower().split())


def _pattern(phrase: str) -> str:
    stem = phrase.rstrip("*")
    words = r"\s+".join(re.escape(word) for word in stem.split(" "))
    tail = r"[a-z]*" if phrase.endswith("*") else ""
    return rf"(?<![a-z0-9]){words}{tail}(?![a-z0-9])"


@dataclass(frozen=True)
class RiskWords:
    """The phrases to look for; ``find`` returns those present in a text."""

    version: int
    phrases: tuple[str, ...]

    def __post_init__(self) -> None:
        patterns = [(phrase, re.compile(_pattern(phrase))) for phrase in self.phrases]
        object.__setattr__(self, "_patterns", tuple(patterns))

    def find(self, text: str | None) -> tuple[str, ...]:
        """The phrases (as written in the file, normalised) found in ``text``, in file order."""
        if not text:
            return ()
        cleaned = normalise(text)
        patterns: tuple[tuple[str, re.Pattern[str]], ...] = self._patterns  # type: ignore[attr-defined]
        return tuple(phrase for phrase, pattern in patterns if pattern.search(cleaned))

    def any_in(self, texts: list[str | None]) -> bool:
        """Whether any of ``texts`` holds a phrase."""
        return any(self.find(text) for text in texts)


def parse_risk_words(text: str, *, filename: str) -> RiskWords:
    """Parse a risk-words file; raises ``QuestionnaireError`` naming file, line and field."""
    from valuedcare.questionnaire.parse import _validate
    from valuedcare.questionnaire.yamldoc import read_yaml

    document = read_yaml(text, filename)
    parsed = _validate(RiskWordsDocument, document)
    seen: dict[str, int] = {}
    problems = []
    for index, phrase in enumerate(parsed.phrases):
        if phrase in seen:
            problems.append(
                document.problem(
                    ("phrases", index),
                    f"the phrase {phrase!r} is listed twice (first at {seen[phrase]})",
                )
            )
        seen.setdefault(phrase, index)
    if problems:
        raise QuestionnaireError(problems)
    return RiskWords(parsed.version, parsed.phrases)
