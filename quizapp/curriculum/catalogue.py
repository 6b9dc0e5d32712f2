"""Finding published modules, their versions and everything on a theme."""

from dataclasses import dataclass

from sqlalchemy import String, bindparam, cast, func, select
from sqlalchemy.orm import Session, contains_eager

from quizapp.database import only_reading
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


# My learning and every module's start page show the published catalogue, which changes only when content is
# loaded, published or retired. Each process keeps a read-only copy and checks it with one small query: the
# catalogue's fingerprint, every published module's id, slug and content hash, and every theme's id, slug and name.
_FINGERPRINT = select(
    select(func.aggregate_strings(cast(Module.id, String) + ":" + Module.slug + ":" + ModuleVersion.source_hash, ","))
    .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
    .where(Module.published.is_(True))
    .scalar_subquery(),
    select(func.aggregate_strings(cast(Theme.id, String) + ":" + Theme.slug + ":" + Theme.name, ",")).scalar_subquery(),
)
_copies: dict[tuple, list[Module]] = {}


def catalogue_copy() -> list[Module]:
    """Return the published modules as published_modules() does, from this process's copy while it is current.

    The modules, their current versions and themes are detached from any database session: read them, never
    change them or hand them to the session.
    """
    key = (str(db.engine.url), *db.session.connection().execute(_FINGERPRINT).one())
    modules = _copies.get(key)
    if modules is None:
        # Built in a session of its own, so no object of the caller's session is ever detached from it.
        with only_reading(), Session(db.engine) as own:
            key = (str(db.engine.url), *own.execute(_FINGERPRINT).one())
            modules = list(own.scalars(_PUBLISHED_MODULES).unique())
            own.expunge_all()
        _copies.clear()
        _copies[key] = modules
    return modules


def catalogue_module(slug: str) -> Module:
    """Return a published module from this process's copy of the catalogue; raise NotFound otherwise."""
    return found(next((module for module in catalogue_copy() if module.slug == slug), None))


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
