"""The domain model, split by subject."""

from quizapp.models.accounts import AccountLink, LinkPurpose, PeopleImport
from quizapp.models.audit import AuditEvent
from quizapp.models.curriculum import Module, ModuleVersion, Question, QuestionKind, Theme
from quizapp.models.errors import NotFound, found
from quizapp.models.mail import OutboxMessage
from quizapp.models.people import Agency, AgencyKind, Role, Scope, Team, User, UserRole
from quizapp.models.progress import LastCompletion
from quizapp.models.records import (
    Answer,
    Assignment,
    Attempt,
    AttemptState,
    Completion,
    Feedback,
)
from quizapp.models.report_changes import ReportChanges
from quizapp.models.review import Review, ReviewState, TrainerComment
from quizapp.models.two_factor import RecoveryCode, TwoFactor

__all__ = [
    "AccountLink",
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
    "LastCompletion",
    "LinkPurpose",
    "Module",
    "ModuleVersion",
    "NotFound",
    "OutboxMessage",
    "PeopleImport",
    "Question",
    "QuestionKind",
    "Review",
    "ReviewState",
    "RecoveryCode",
    "ReportChanges",
    "Role",
    "Scope",
    "Team",
    "Theme",
    "TrainerComment",
    "TwoFactor",
    "User",
    "UserRole",
]
