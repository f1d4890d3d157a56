"""The deployment's risk phrases (``questionnaires/safety/risk-words.yaml``), read once per process.

The matching rules live in ``valuedcare.questionnaire.risk_words``; this module only finds the file
from the configuration.
"""

from __future__ import annotations

from pathlib import Path

from flask import current_app

from valuedcare.caching import Rule, memoize
from valuedcare.questionnaire import read_file_text
from valuedcare.questionnaire.risk_words import RiskWords, parse_risk_words

RISK_WORDS_FILE = Path("safety") / "risk-words.yaml"


@memoize("risk words", rule=Rule.DEPLOY, size=4)
def _risk_words(path: str) -> RiskWords:
    return parse_risk_words(read_file_text(Path(path)), filename=str(RISK_WORDS_FILE))


def risk_words() -> RiskWords:
    """The risk phrases of this deployment."""
    return _risk_words(str(Path(current_app.config["QUESTIONNAIRE_DIR"]) / RISK_WORDS_FILE))
