"""Trainers' decisions on submitted attempts, and each trainer's library of reusable comments."""

from datetime import datetime
from enum import StrEnum

from sqlalchemy import JSON, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.people import User
from quizapp.models.records import Attempt
from quizapp.models.types import UTCDateTime, utcnow


class ReviewState(StrEnum):
    REVIEWED = "reviewed"
    RETURNED = "returned"


class Review(db.Model):
    """A trainer's decision on one submitted round of an attempt: reviewed, or returned for more reflection."""

    __tablename__ = "reviews"
    # One decision per round: of two trainers deciding at once, the second is refused.
    __table_args__ = (
        UniqueConstraint("attempt_id", "round_submitted_at"),
        Index("ix_reviews_attempt_decided", "attempt_id", "decided_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"))
    # The attempt's submitted_at when decided: it names the round, since a resubmit moves submitted_at on.
    round_submitted_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[str] = mapped_column(String(20))
    reviewer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    # For a return: the answers the learner is asked to think about again, and what they had written.
    answer_ids: Mapped[list[int]] = mapped_column(JSON, default=list)
    answers_as_returned: Mapped[dict[str, str]] = mapped_column(JSON, default=dict)
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    attempt: Mapped[Attempt] = relationship()
    reviewer: Mapped[User] = relationship()


class TrainerComment(db.Model):
    """A comment a trainer keeps to insert into feedback and edit there."""

    __tablename__ = "trainer_comments"

    id: Mapped[int] = mapped_column(primary_key=True)
    trainer_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
