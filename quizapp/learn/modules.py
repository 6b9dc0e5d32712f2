"""Finding published modules and everything on a theme."""

from dataclasses import dataclass

from flask import abort
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from quizapp.extensions import db
from quizapp.learn.overview import published_modules
from quizapp.models import Module, ModuleVersion, Question, QuestionKind, Theme
from quizapp.models.curriculum import question_themes


def published_module(slug: str) -> Module:
    """Return a published module with its current version, or answer 404."""
    module = db.session.scalar(
        select(Module)
        .where(Module.slug == slug, Module.published.is_(True), Module.current_version_id.is_not(None))
        .options(selectinload(Module.current_version).selectinload(ModuleVersion.themes))
    )
    if module is None:
        abort(404)
    return module


@dataclass
class ThemeOverview:
    theme: Theme
    modules: list[Module]
    questions: dict[int, list[Question]]


def theme_overview(slug: str) -> ThemeOverview:
    """Return the modules on a theme and, per module, its reflective questions on that theme."""
    theme = db.session.scalar(select(Theme).where(Theme.slug == slug))
    if theme is None:
        abort(404)
    modules = published_modules()
    questions: dict[int, list[Question]] = {}
    for question in db.session.scalars(
        select(Question)
        .join(question_themes, question_themes.c.question_id == Question.id)
        .where(
            question_themes.c.theme_id == theme.id,
            Question.version_id.in_([m.current_version_id for m in modules]),
            Question.kind == QuestionKind.REFLECTION,
        )
        .order_by(Question.position)
    ):
        questions.setdefault(question.version_id, []).append(question)
    on_theme = [m for m in modules if theme in m.current_version.themes or m.current_version_id in questions]
    return ThemeOverview(theme, on_theme, questions)
