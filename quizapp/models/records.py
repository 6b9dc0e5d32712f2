"""Training records: attempts, answers, completions, feedback and assignments."""

from datetime import date, datetime
from enum import StrEnum

from sqlalchemy import JSON, CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.curriculum import Module, ModuleVersion, Question, Theme
from quizapp.models.people import Agency, Team, User
from quizapp.models.types import UTCDateTime, new_certificate_code, utcnow


class AttemptState(StrEnum):
    IN_PROGRESS = "in_progress"
    SUBMITTED = "submitted"
    RETURNED = "returned"


class Attempt(db.Model):
    """One person working through one module version."""

    __tablename__ = "attempts"
    __table_args__ = (
        # At most one open attempt per person and module.
        Index(
            "uq_attempts_open",
            "user_id",
            "module_id",
            unique=True,
            sqlite_where=text("state != 'submitted'"),
            postgresql_where=text("state != 'submitted'"),
        ),
        # The trainers' review queue: each tab is one range of this index, oldest or newest first, and every
        # filter is checked within it, so counts and pages never read the attempts themselves.
        Index("ix_attempts_queue", "state", "reviewed", "submitted_at", "user_id", "module_id", "version_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("module_versions.id"), index=True)
    state: Mapped[str] = mapped_column(String(20), default=AttemptState.IN_PROGRESS.value)
    current_page: Mapped[str | None] = mapped_column(String(80))
    # The role the learner chose at the start; each key message shows the prompt written for it.
    role: Mapped[str | None] = mapped_column(String(40))
    started_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    last_activity_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    active_seconds: Mapped[int] = mapped_column(default=0)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Marked reviewed by a trainer (set with the decision in records/review.py, never unset: a reviewed submission
    # is never returned or submitted again). The review queue's tabs are ranges of it; the decision itself is a Review.
    reviewed: Mapped[bool] = mapped_column(default=False, server_default=false())

    user: Mapped[User] = relationship()
    module: Mapped[Module] = relationship()
    version: Mapped[ModuleVersion] = relationship()
    answers: Mapped[list["Answer"]] = relationship(back_populates="attempt", cascade="all, delete-orphan")


class Answer(db.Model):
    __tablename__ = "answers"
    __table_args__ = (UniqueConstraint("attempt_id", "question_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id"), index=True)
    text: Mapped[str] = mapped_column(Text, default="")
    choices: Mapped[list[str]] = mapped_column(JSON, default=list)
    first_choices: Mapped[list[str] | None] = mapped_column(JSON)
    tries: Mapped[int] = mapped_column(default=0)
    rating: Mapped[int | None]
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)

    attempt: Mapped[Attempt] = relationship(back_populates="answers")
    question: Mapped[Question] = relationship()


class Completion(db.Model):
    """The training record, written once when an attempt is first submitted."""

    __tablename__ = "completions"
    __table_args__ = (
        # A person's last completion of each module, read from the index alone (the completion report).
        Index("ix_completions_user_module_submitted", "user_id", "module_id", "submitted_at"),
        # Completions by month for a module or a theme's versions, counted within the index (What we learned).
        Index("ix_completions_module_submitted", "module_id", "submitted_at"),
        Index("ix_completions_version_submitted", "version_id", "submitted_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("module_versions.id"))
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), unique=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime(), index=True)
    active_minutes: Mapped[int]
    certificate_code: Mapped[str] = mapped_column(String(64), unique=True, default=new_certificate_code)

    user: Mapped[User] = relationship()
    module: Mapped[Module] = relationship()
    version: Mapped[ModuleVersion] = relationship()
    attempt: Mapped[Attempt] = relationship()


class Feedback(db.Model):
    """A trainer's comment on a whole attempt or on one answer."""

    __tablename__ = "feedback"

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id"), index=True)
    answer_id: Mapped[int | None] = mapped_column(ForeignKey("answers.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    revision: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow, onupdate=utcnow)
    seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    __mapper_args__ = {"version_id_col": revision}

    attempt: Mapped[Attempt] = relationship()
    answer: Mapped[Answer | None] = relationship()
    author: Mapped[User] = relationship()


class Assignment(db.Model):
    """A module, or every module on a theme, given to an agency, a team or a person."""

    __tablename__ = "assignments"
    __table_args__ = (
        CheckConstraint("(module_id IS NULL) != (theme_id IS NULL)", name="one_subject"),
        CheckConstraint(
            "(CASE WHEN agency_id IS NULL THEN 0 ELSE 1 END + CASE WHEN team_id IS NULL THEN 0 ELSE 1 END"
            " + CASE WHEN user_id IS NULL THEN 0 ELSE 1 END) = 1",
            name="one_target",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int | None] = mapped_column(ForeignKey("modules.id"), index=True)
    theme_id: Mapped[int | None] = mapped_column(ForeignKey("themes.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agencies.id"), index=True)
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"), index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    due_on: Mapped[date]
    refresh_months: Mapped[int | None]
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)
    # Withdrawn assignments stay for the record but no longer set a due date.
    withdrawn_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    module: Mapped[Module | None] = relationship(foreign_keys=[module_id])
    theme: Mapped[Theme | None] = relationship()
    agency: Mapped[Agency | None] = relationship()
    team: Mapped[Team | None] = relationship()
    user: Mapped[User | None] = relationship(foreign_keys=[user_id])
