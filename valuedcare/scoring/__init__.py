"""Pure scoring of assessment answers: frames in, frames out.

Nothing here imports the web or database stack. Frame contracts live in ``columns``.
"""

from valuedcare.scoring.columns import INGREDIENT_ORDER, LENSES
from valuedcare.scoring.disagreement import board_disagreement
from valuedcare.scoring.errors import ScoringError
from valuedcare.scoring.experience import experience_gaps, gap_trends, ingredient_experience_gaps
from valuedcare.scoring.perception import mirrored_perception_gaps
from valuedcare.scoring.priorities import suggest_priorities
from valuedcare.scoring.responses import score_responses
from valuedcare.scoring.summary import summarise_scores
from valuedcare.scoring.targets import target_gaps
from valuedcare.scoring.trends import trend_labels

__all__ = [
    "INGREDIENT_ORDER",
    "LENSES",
    "ScoringError",
    "board_disagreement",
    "experience_gaps",
    "gap_trends",
    "ingredient_experience_gaps",
    "mirrored_perception_gaps",
    "score_responses",
    "suggest_priorities",
    "summarise_scores",
    "target_gaps",
    "trend_labels",
]
