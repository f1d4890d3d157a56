"""SQLAlchemy ORM classes. Only ``valuedcare.data`` may import them."""

from valuedcare.models.base import Base
from valuedcare.models.measures import MeasureUpload, MeasureValue, MeasureValueHistory
from valuedcare.models.organisation import (
    Assessment,
    Cycle,
    Organisation,
    ScoreGeneration,
)
from valuedcare.models.outbox import InvitationRecipient, OutboxMessage, UnusedLink
from valuedcare.models.paper import BoardPaperCover
from valuedcare.models.plan import Action, ActionUpdate
from valuedcare.models.questionnaire import QuestionnaireVersion
from valuedcare.models.response import (
    Answer,
    FreeTextReview,
    Invitation,
    Response,
    ResponseScore,
)
from valuedcare.models.user import ROLES, ApiToken, AuditEvent, User, UserSession

__all__ = [
    "ROLES",
    "Action",
    "ActionUpdate",
    "Answer",
    "ApiToken",
    "Assessment",
    "AuditEvent",
    "Base",
    "BoardPaperCover",
    "Cycle",
    "FreeTextReview",
    "MeasureUpload",
    "MeasureValue",
    "MeasureValueHistory",
    "Invitation",
    "InvitationRecipient",
    "OutboxMessage",
    "UnusedLink",
    "Organisation",
    "QuestionnaireVersion",
    "Response",
    "ResponseScore",
    "ScoreGeneration",
    "User",
    "UserSession",
]
