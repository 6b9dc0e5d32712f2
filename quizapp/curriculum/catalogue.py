"""Finding published modules, their versions and everything on a theme."""

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import contains_eager

from quizapp.extensions import db
from quizapp.models import Module, ModuleVersion, Question, QuestionKind, Theme, found
from quizapp.models.curriculum import question_themes, version_themes

# Built once: My learning and every module's start page run these.
_PUBLISHED_MODULES = (
    select(Module)
    .join(Module.current_version)
    .where(Module.published.is_(True))
    .options(contains_eager(Module.current_version).joinedload(ModuleVersion.themes))
    .order_by(ModuleVersion.title)
)
_PUBLISHED_MODULE = (
    select(Module)
    .join(Module.current_version)
    .where(Module.slug == bindparam("slug"), Module.published.is_(True))
    .options(contains_eager(Module.current_version).selectinload(ModuleVersion.themes))
)


def published_modules(theme_slug: str | None = None) -> list[Module]:
    """Return published modules with their current version and its themes, optionally on one theme."""
    query = _PUBLISHED_MODULES
    if theme_slug:
        query = query.where(
            ModuleVersion.id.in_(select(version_themes.c.version_id).join(Theme).where(Theme.slug == theme_slug))
        )
    return list(db.session.scalars(query).unique())


def published_module(slug: str) -> Module:
    """Return a published module with its current version; raise NotFound otherwise."""
    return found(db.session.scalar(_PUBLISHED_MODULE, {"slug": slug}))


def all_themes() -> list[Theme]:
    """Return the theme vocabulary in name order."""
    return list(db.session.scalars(select(Theme).order_by(Theme.name)))


@dataclass
class ThemeOverview:
    theme: Theme
    modules: list[Module]
    questions: dict[int, list[Question]]


def theme_overview(slug: str) -> ThemeOverview:
    """Return the modules on a theme and, per module, its reflective questions on that theme."""
    theme = found(db.session.scalar(select(Theme).where(Theme.slug == slug)))
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
