"""Load validated content into the database as themes, modules and immutable module versions."""

import html
import secrets
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import markdown
import nh3
from sqlalchemy import func, select

from quizapp.curriculum.pages import Page, PageKind, document_pages
from quizapp.curriculum.problems import ContentError
from quizapp.curriculum.reader import Content, ModuleSource, read_content
from quizapp.curriculum.schema import ThemeEntry
from quizapp.extensions import db
from quizapp.models import Module, ModuleVersion, Question, QuestionKind, Theme


@dataclass(frozen=True)
class ModuleOutcome:
    """What loading did to one module: created, new version, restored or unchanged."""

    slug: str
    outcome: str
    number: int

    def __str__(self) -> str:
        return f"{self.slug}: {self.outcome} (version {self.number})"


@dataclass
class LoadReport:
    """What a load created, changed and left alone."""

    themes: dict[str, list[str]] = field(default_factory=lambda: {"created": [], "updated": [], "unchanged": []})
    modules: list[ModuleOutcome] = field(default_factory=list)

    def lines(self) -> list[str]:
        """Describe the load, one line per module and one for themes."""
        counts = ", ".join(f"{len(slugs)} {what}" for what, slugs in self.themes.items())
        return [f"Themes: {counts}", *(str(outcome) for outcome in self.modules)]


def load_content(content_dir: str | Path) -> LoadReport:
    """Validate all content, then load it, or raise ContentError having changed nothing."""
    return load_checked(checked_content(content_dir))


def checked_content(content_dir: str | Path) -> Content:
    """Read and check every file of the content folder; raise ContentError if anything is wrong."""
    content, problems = read_content(content_dir)
    if problems:
        raise ContentError(problems)
    return content


def load_checked(content: Content) -> LoadReport:
    """Load content that has passed its checks, themes first."""
    # Flushes only: the caller commits, so a command or a test decides the transaction.
    report = LoadReport()
    themes = {entry.slug: upsert_theme(entry, report) for entry in content.themes}
    for source in content.modules:
        report.modules.append(load_module(source, content, themes))
    db.session.flush()
    return report


def upsert_theme(entry: ThemeEntry, report: LoadReport) -> Theme:
    """Create the theme with this slug, or bring its name and description up to date."""
    theme = db.session.scalar(select(Theme).where(Theme.slug == entry.slug))
    if theme is None:
        theme = Theme(slug=entry.slug, name=entry.name, description=entry.description)
        db.session.add(theme)
        report.themes["created"].append(entry.slug)
    elif (theme.name, theme.description) != (entry.name, entry.description):
        theme.name, theme.description = entry.name, entry.description
        report.themes["updated"].append(entry.slug)
    else:
        report.themes["unchanged"].append(entry.slug)
    return theme


def load_module(source: ModuleSource, content: Content, themes: Mapping[str, Theme]) -> ModuleOutcome:
    """Make the module's current version the one matching this file, creating it if it is new."""
    slug = source.document.slug
    module = db.session.scalar(select(Module).where(Module.slug == slug))
    if module is None:
        module = Module(slug=slug, published=True)
        db.session.add(module)
        # Flushed alone: Module and ModuleVersion point at each other, so they are written in two steps.
        db.session.flush()
    existing = db.session.scalar(
        select(ModuleVersion).where(
            ModuleVersion.module_id == module.id, ModuleVersion.source_hash == source.source_hash
        )
    )
    if existing is not None:
        outcome = "unchanged" if module.current_version_id == existing.id else "restored"
        module.current_version_id = existing.id
        return ModuleOutcome(slug, outcome, existing.number)
    version = create_version(module, source, content, themes)
    module.current_version_id = version.id
    return ModuleOutcome(slug, "created" if version.number == 1 else "new version", version.number)


def create_version(
    module: Module, source: ModuleSource, content: Content, themes: Mapping[str, Theme]
) -> ModuleVersion:
    """Add the next numbered version of a module, with all its questions, and flush it."""
    doc = source.document
    document = stored_document(source, content)
    number = (
        db.session.scalar(select(func.max(ModuleVersion.number)).where(ModuleVersion.module_id == module.id)) or 0
    ) + 1
    version = ModuleVersion(
        module_id=module.id,
        number=number,
        source_hash=source.source_hash,
        title=doc.title,
        summary=first_paragraph(doc.summary),
        briefing=f"{doc.source.briefing} — {doc.source.case}",
        audit_period=doc.audit_period,
        minutes=doc.minutes,
        document=document,
        themes=[themes[slug] for slug in doc.themes],
    )
    version.questions = list(version_questions(document, themes))
    db.session.add(version)
    db.session.flush()
    return version


def stored_document(source: ModuleSource, content: Content) -> dict[str, Any]:
    """Return the document as stored with a version: the file's data plus the links it names."""
    # Links are copied in so a version keeps showing the links its learners saw.
    document = source.document.model_dump(mode="json")
    for check in document["knowledge_check"]:
        opaque_option_keys(check)
    used = {key for message in source.document.key_messages for key in message.resources}
    used |= set(source.document.currency.resources)
    document["links"] = {
        key: {
            "title": content.resources[key].title,
            "url": content.resources[key].url,
            "note": content.resources[key].note,
        }
        for key in sorted(used)
    }
    return document


def opaque_option_keys(check: dict[str, Any]) -> None:
    """Replace a check's option keys with random ones, so the page source does not give the answer away."""
    # Authors write keys such as `a`; a learner reading `value="a"` would learn which option comes first.
    keys: set[str] = set()
    while len(keys) < len(check["options"]):
        keys.add(secrets.token_hex(4))
    for option, key in zip(check["options"], sorted(keys), strict=True):
        option["key"] = key


def version_questions(document: Mapping[str, Any], themes: Mapping[str, Theme]):
    """Yield a version's questions in page order, each on the page it is asked."""
    position = 0
    for page in document_pages(document):
        for question in page_questions(page, document, themes):
            position += 1
            question.position, question.page = position, page.key
            yield question


def page_questions(page: Page, document: Mapping[str, Any], themes: Mapping[str, Theme]) -> list[Question]:
    """Return the unsaved questions asked on one page."""
    match page.kind:
        case PageKind.CONFIDENCE_BEFORE | PageKind.CONFIDENCE_AFTER:
            statements = zip(page.question_keys, page.data["statements"], strict=True)
            return [
                Question(key=key, kind=QuestionKind.CONFIDENCE.value, prompt=s["prompt"], min_length=0)
                for key, s in statements
            ]
        case PageKind.CASE:
            pause = page.data["pause_point"]
            return [_reflection(pause, None)]
        case PageKind.MESSAGE:
            message = page.data["message"]
            return [_reflection(question, themes[message["theme"]]) for question in message["questions"]]
        case PageKind.CHECK:
            return [_knowledge_check(page.data["check"], themes)]
        case PageKind.ACTION_PLAN:
            plan = page.data["action_plan"]
            parts = [plan, {**plan["discuss_with"], "min_length": 0}, {**plan["by_when"], "min_length": 0}]
            return [_plan_question(key, part) for key, part in zip(page.question_keys, parts, strict=True)]
    return []


def _plan_question(key: str, part: Mapping[str, Any]) -> Question:
    return Question(
        key=key,
        kind=QuestionKind.ACTION_PLAN.value,
        prompt=part["prompt"],
        hint=part["hint"],
        min_length=part["min_length"],
    )


def _reflection(question: Mapping[str, Any], theme: Theme | None) -> Question:
    return Question(
        key=question["key"],
        kind=QuestionKind.REFLECTION.value,
        prompt=question["prompt"],
        hint=question["hint"],
        min_length=question["min_length"],
        themes=[theme] if theme else [],
    )


def _knowledge_check(check: Mapping[str, Any], themes: Mapping[str, Theme]) -> Question:
    kind = QuestionKind.SINGLE_CHOICE if check["kind"] == "single" else QuestionKind.MULTIPLE_CHOICE
    return Question(
        key=check["key"],
        kind=kind.value,
        prompt=check["prompt"],
        min_length=0,
        options=[{"key": o["key"], "text": o["text"], "feedback": o["feedback"]} for o in check["options"]],
        correct=[o["key"] for o in check["options"] if o["correct"]],
        explanation=check["explanation"],
        themes=[themes[check["theme"]]] if check["theme"] else [],
    )


def first_paragraph(text: str) -> str:
    """Return the first paragraph of a Markdown text as plain text."""
    paragraph = text.strip().split("\n\n", 1)[0]
    plain = nh3.clean(markdown.markdown(paragraph), tags=set())
    return " ".join(html.unescape(plain).split())
