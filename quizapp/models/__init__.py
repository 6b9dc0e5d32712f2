"""The domain model, split by subject."""

from quizapp.models.audit import AuditEvent
from quizapp.models.curriculum import Module, ModuleVersion, Question, QuestionKind, Theme
from quizapp.models.errors import NotFound, found
from quizapp.models.mail import OutboxMessage
from quizapp.models.people import Agency, AgencyKind, Role, Scope, Team, User, UserRole
from quizapp.models.records import (
    Answer,
    Assignment,
    Attempt,
    AttemptState,
    Completion,
    Feedback,
)
from quizapp.models.two_factor import RecoveryCode, TwoFactor

__all__ = [
    "Agency",
    "AgencyKind",
    "Answer",
    "Assignment",
    "Attempt",
    "AttemptState",
    "AuditEvent",
    "Completion",
    "Feedback",
    "found",
    "Module",
    "ModuleVersion",
    "NotFound",
    "OutboxMessage",
    "Question",
    "QuestionKind",
    "RecoveryCode",
    "Role",
    "Scope",
    "Team",
    "Theme",
    "TwoFactor",
    "User",
    "UserRole",
]
