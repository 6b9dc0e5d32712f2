"""What admins see and do with modules: versions and their use, publishing, retiring and previewing."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from quizapp.curriculum.pages import Page, module_pages
from quizapp.curriculum.reader import check_content
from quizapp.extensions import db
from quizapp.models import Attempt, Completion, Module, ModuleVersion, User, found
from quizapp.people.audit import record_event


@dataclass
class VersionUse:
    """One version of a module and how much it has been used."""

    version: ModuleVersion
    current: bool
    attempts: int = 0
    completions: int = 0


@dataclass
class ModuleRow:
    """A module with its state and each of its versions."""

    module: Module
    versions: list[VersionUse] = field(default_factory=list)

    @property
    def title(self) -> str:
        current = next((use.version for use in self.versions if use.current), None)
        return (current or self.versions[-1].version).title if self.versions else self.module.slug

    @property
    def state(self) -> str:
        if self.module.retired_at:
            return "Retired"
        return "Published" if self.module.published else "Not published"


def module_rows() -> list[ModuleRow]:
    """Return every module with its versions and their attempts and completions, in four queries."""
    modules = db.session.scalars(select(Module).options(selectinload(Module.versions))).all()
    attempts = _counts(Attempt.version_id)
    completions = _counts(Completion.version_id)
    rows = [
        ModuleRow(
            module,
            [
                VersionUse(v, v.id == module.current_version_id, attempts.get(v.id, 0), completions.get(v.id, 0))
                for v in module.versions
            ],
        )
        for module in modules
    ]
    return sorted(rows, key=lambda row: (row.module.retired_at is not None, row.title.lower()))


def _counts(column) -> dict[int, int]:
    return dict(db.session.execute(select(column, func.count()).group_by(column)).all())


def module_by_slug(slug: str) -> Module:
    return found(db.session.scalar(select(Module).where(Module.slug == slug)))


def version_of(slug: str, number: int) -> ModuleVersion:
    """Return one version of a module, published or not; raise NotFound otherwise."""
    query = (
        select(ModuleVersion)
        .join(Module, ModuleVersion.module_id == Module.id)
        .where(Module.slug == slug, ModuleVersion.number == number)
        .options(selectinload(ModuleVersion.questions), selectinload(ModuleVersion.themes))
    )
    return found(db.session.scalar(query))


def preview_pages(version: ModuleVersion) -> list[tuple[Page, list]]:
    """Return each page of a version beside its questions, as a learner would meet them; stores nothing."""
    by_key = {question.key: question for question in version.questions}
    return [(page, [by_key[key] for key in page.question_keys if key in by_key]) for page in module_pages(version)]


def publish(module: Module, actor: User) -> None:
    """Show a module to learners again (a retired one comes back too)."""
    if not module.published or module.retired_at:
        module.published, module.retired_at = True, None
        record_event("module_published", actor, obj=module, module=module.slug)


def unpublish(module: Module, actor: User) -> None:
    """Hide a module from learners starting it; attempts, answers and completions stay."""
    if module.published:
        module.published = False
        record_event("module_unpublished", actor, obj=module, module=module.slug)


def retire(module: Module, actor: User, now: datetime) -> None:
    """Withdraw a module for good: unpublished and set aside, every record of it kept."""
    if not module.retired_at:
        module.published, module.retired_at = False, now
        record_event("module_retired", actor, obj=module, module=module.slug)


def content_problems(content_dir: str) -> list[str]:
    """Return the problems `flask content check` would print for the content directory."""
    return [str(problem) for problem in check_content(content_dir)]
