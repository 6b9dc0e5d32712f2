"""A learner's own training record, certificates and CPD export."""

from dataclasses import dataclass
from datetime import date

from flask import current_app, url_for
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from quizapp.curriculum.pages import PageKind, module_pages
from quizapp.exports import (
    CertificateData,
    CpdConfidence,
    CpdEntry,
    CpdFeedback,
    CpdMessage,
    CpdModule,
    CpdRecord,
)
from quizapp.extensions import db
from quizapp.models import Attempt, Completion, Feedback, ModuleVersion, QuestionKind, User, found
from quizapp.models.curriculum import CHOICE_KINDS
from quizapp.models.types import CODE_GROUP_LENGTH
from quizapp.records.attempts import answers_by_question, is_correct


@dataclass
class RecordRow:
    completion: Completion
    feedback: list[Feedback]


@dataclass
class LearningRecord:
    rows: list[RecordRow]
    years: list[int]
    year: int | None
    cpd_minutes: int


def own_completion(user: User, completion_id: int) -> Completion:
    """Return one of this person's completions; raise NotFound otherwise."""
    return found(
        db.session.scalar(
            select(Completion)
            .where(Completion.id == completion_id, Completion.user_id == user.id)
            .options(selectinload(Completion.version), selectinload(Completion.user))
        )
    )


def completion_by_code(code: str) -> Completion | None:
    """Return the completion a certificate code belongs to, however it was typed; older codes match exactly."""
    return db.session.scalar(
        select(Completion)
        .where(Completion.certificate_code.in_({code, typed_code(code)}))
        .options(selectinload(Completion.version), selectinload(Completion.user))
    )


def typed_code(code: str) -> str:
    """Return a code as it is stored, whatever its case, spaces or dashes."""
    letters = "".join(ch for ch in code.upper() if ch.isalnum())
    size = CODE_GROUP_LENGTH
    return "-".join(letters[i : i + size] for i in range(0, len(letters), size))


def learning_record(user: User, year: int | None) -> LearningRecord:
    """Return every completion, newest first, with feedback; CPD minutes for a year or in all."""
    completions = list(
        db.session.scalars(
            select(Completion)
            .where(Completion.user_id == user.id)
            .order_by(Completion.submitted_at.desc())
            .options(selectinload(Completion.version))
        )
    )
    feedback = _feedback_by_attempt(user)
    years = sorted({c.submitted_at.year for c in completions}, reverse=True)
    chosen = [c for c in completions if year is None or c.submitted_at.year == year]
    rows = [RecordRow(c, feedback.get(c.attempt_id, [])) for c in chosen]
    return LearningRecord(rows, years, year, sum(c.version.minutes for c in chosen))


def _feedback_by_attempt(user: User) -> dict[int, list[Feedback]]:
    grouped: dict[int, list[Feedback]] = {}
    for item in db.session.scalars(
        select(Feedback)
        .join(Attempt)
        .where(Attempt.user_id == user.id)
        .order_by(Feedback.created_at)
        .options(selectinload(Feedback.author))
    ):
        grouped.setdefault(item.attempt_id, []).append(item)
    return grouped


def public_url(endpoint: str, **values) -> str:
    """Return a full link to a page, on the configured public address rather than the request's Host."""
    base = current_app.config.get("PUBLIC_URL")
    if base:
        return base + url_for(endpoint, **values, _external=False)
    return url_for(endpoint, **values, _external=True)


def certificate_data(completion: Completion) -> CertificateData:
    """Return what the certificate of a completion shows."""
    return CertificateData(
        partnership=current_app.config["PARTNERSHIP_NAME"],
        learner_name=completion.user.name,
        module_title=completion.version.title,
        version_number=completion.version.number,
        completed_on=completion.submitted_at.date(),
        cpd_minutes=completion.version.minutes,
        code=completion.certificate_code,
        verify_url=public_url("learn.verify_certificate", code=completion.certificate_code),
    )


def cpd_record(user: User, today: date) -> CpdRecord:
    """Gather everything the learner wrote, grouped by module, as a CPD record."""
    attempts = db.session.scalars(
        select(Attempt)
        .where(Attempt.user_id == user.id)
        .order_by(Attempt.started_at)
        .options(
            selectinload(Attempt.version).selectinload(ModuleVersion.questions),
            selectinload(Attempt.version).selectinload(ModuleVersion.themes),
            selectinload(Attempt.answers),
        )
    ).all()
    feedback = _feedback_by_attempt(user)
    completions = {c.attempt_id: c for c in db.session.scalars(select(Completion).where(Completion.user_id == user.id))}
    modules = [_cpd_module(a, completions.get(a.id), feedback.get(a.id, [])) for a in attempts if a.answers]
    return CpdRecord(
        learner_name=user.name,
        profession=user.profession or "",
        agency=user.agency.name if user.agency else "",
        generated_on=today,
        modules=modules,
    )


def _cpd_feedback(item: Feedback) -> CpdFeedback:
    return CpdFeedback(author=item.author.name, given_on=item.created_at.date(), text=item.text)


def _cpd_module(attempt: Attempt, completion: Completion | None, feedback: list[Feedback]) -> CpdModule:
    version = attempt.version
    answers = answers_by_question(attempt)
    on_answer: dict[int | None, list[CpdFeedback]] = {}
    for item in feedback:
        on_answer.setdefault(item.answer_id, []).append(_cpd_feedback(item))
    messages = []
    for page in module_pages(version):
        if page.kind != PageKind.MESSAGE:
            continue
        entries = [
            CpdEntry(q.prompt, answers[q.id].text, on_answer.get(answers[q.id].id, []))
            for q in version.questions
            if q.page == page.key and q.id in answers and answers[q.id].text
        ]
        if entries:
            messages.append(CpdMessage(page.title.removeprefix("Key message: "), entries))
    checks = [q for q in version.questions if q.kind in CHOICE_KINDS]
    first_time = sum(1 for q in checks if q.id in answers and answers[q.id].tries == 1 and is_correct(q, answers[q.id]))
    # An action plan may be several questions (the action, who with, when): keep each with its prompt.
    plan = [q for q in version.questions if q.kind == QuestionKind.ACTION_PLAN and q.id in answers]
    action = "\n\n".join(
        answers[q.id].text if i == 0 else f"{q.prompt} {answers[q.id].text}" for i, q in enumerate(plan)
    )
    return CpdModule(
        title=version.title,
        version_number=version.number,
        completed_on=completion.submitted_at.date() if completion else None,
        cpd_minutes=version.minutes,
        themes=[t.name for t in version.themes],
        messages=messages,
        knowledge_score=(first_time, len(checks)) if checks else None,
        confidence=_confidence(version, answers),
        action_plan=action,
        feedback=on_answer.get(None, []),
    )


def _confidence(version: ModuleVersion, answers) -> list[CpdConfidence]:
    ratings = {q.key: answers[q.id].rating for q in version.questions if q.id in answers}
    return [
        CpdConfidence(q.prompt, ratings.get(q.key), ratings.get(q.key.replace("-before-", "-after-", 1)))
        for q in version.questions
        if q.key.startswith("confidence-before-")
    ]
