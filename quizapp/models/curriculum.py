"""Modules, the immutable versions learners see, their questions and themes."""

from datetime import datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import JSON, Column, ForeignKey, String, Table, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from quizapp.extensions import db
from quizapp.models.types import UTCDateTime, utcnow


class QuestionKind(StrEnum):
    REFLECTION = "reflection"
    SINGLE_CHOICE = "single_choice"
    MULTIPLE_CHOICE = "multiple_choice"
    CONFIDENCE = "confidence"
    ACTION_PLAN = "action_plan"


TEXT_KINDS = frozenset({QuestionKind.REFLECTION, QuestionKind.ACTION_PLAN})
CHOICE_KINDS = frozenset({QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE})
CONFIDENCE_SCALE = [
    ("1", "1 – Not at all confident"),
    ("2", "2 – Slightly confident"),
    ("3", "3 – Fairly confident"),
    ("4", "4 – Confident"),
    ("5", "5 – Very confident"),
]
# The longest written answer stored; forms, autosave and templates all read this one figure.
MAX_ANSWER_LENGTH = 20_000


version_themes = Table(
    "module_version_themes",
    db.metadata,
    Column("version_id", ForeignKey("module_versions.id"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id"), primary_key=True),
)

question_themes = Table(
    "question_themes",
    db.metadata,
    Column("question_id", ForeignKey("questions.id"), primary_key=True),
    Column("theme_id", ForeignKey("themes.id"), primary_key=True, index=True),
)


class Theme(db.Model):
    __tablename__ = "themes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")


class Module(db.Model):
    __tablename__ = "modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    published: Mapped[bool] = mapped_column(default=True)
    # A retired module is withdrawn for good: unpublished and listed apart, with every record of it kept.
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    current_version_id: Mapped[int | None] = mapped_column(ForeignKey("module_versions.id", use_alter=True))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    # Typed as present: every query that reads it first requires current_version_id to be set.
    current_version: Mapped["ModuleVersion"] = relationship(foreign_keys=[current_version_id])
    versions: Mapped[list["ModuleVersion"]] = relationship(
        back_populates="module", foreign_keys="ModuleVersion.module_id", order_by="ModuleVersion.number"
    )


class ModuleVersion(db.Model):
    """The exact content a learner saw; never changed once loaded."""

    __tablename__ = "module_versions"
    __table_args__ = (UniqueConstraint("module_id", "number"), UniqueConstraint("module_id", "source_hash"))

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("modules.id"), index=True)
    number: Mapped[int]
    source_hash: Mapped[str] = mapped_column(String(64))
    title: Mapped[str] = mapped_column(String(300))
    summary: Mapped[str] = mapped_column(Text)
    briefing: Mapped[str] = mapped_column(String(300))
    audit_period: Mapped[str] = mapped_column(String(100))
    minutes: Mapped[int]
    # Deferred: pages are built from it once per process (curriculum.pages), so lists never load it.
    document: Mapped[dict[str, Any]] = mapped_column(JSON, deferred=True)
    loaded_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=utcnow)

    module: Mapped[Module] = relationship(back_populates="versions", foreign_keys=[module_id])
    themes: Mapped[list[Theme]] = relationship(secondary=version_themes, order_by=Theme.name)
    questions: Mapped[list["Question"]] = relationship(
        back_populates="version", order_by="Question.position", cascade="all, delete-orphan"
    )


class Question(db.Model):
    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("version_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("module_versions.id"), index=True)
    key: Mapped[str] = mapped_column(String(80))
    page: Mapped[str] = mapped_column(String(80))
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))
    prompt: Mapped[str] = mapped_column(Text)
    hint: Mapped[str] = mapped_column(Text, default="")
    min_length: Mapped[int] = mapped_column(default=0)
    options: Mapped[list[dict[str, str]]] = mapped_column(JSON, default=list)
    correct: Mapped[list[str]] = mapped_column(JSON, default=list)
    explanation: Mapped[str] = mapped_column(Text, default="")

    version: Mapped[ModuleVersion] = relationship(back_populates="questions")
    themes: Mapped[list[Theme]] = relationship(secondary=question_themes, order_by=Theme.name)
