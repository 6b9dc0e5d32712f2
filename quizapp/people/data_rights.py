"""Data protection requests: everything held about one person, and erasing it while keeping anonymous counts."""

import secrets
from datetime import datetime
from typing import Any

from sqlalchemy import Table, delete, or_, select, update
from sqlalchemy.orm import selectinload

from quizapp.exports.subject_access import render_subject_access_pdf
from quizapp.extensions import db
from quizapp.models import (
    AccountLink,
    Answer,
    Assignment,
    Attempt,
    AuditEvent,
    Completion,
    Feedback,
    Module,
    OutboxMessage,
    PeopleImport,
    Theme,
    User,
    UserRole,
)
from quizapp.people.audit import record_event
from quizapp.records.answers import shown_answer

SUBJECT_ACCESS_INTRO = (
    "This is everything the learning service holds about you. Where another person (a trainer or an "
    "administrator) did something, it says what was done but not who did it, because that is about them."
)
ERASED_NAME = "Erased person"


def subject_access(user: User) -> dict[str, Any]:
    """Return everything held about one person, and nothing about anyone else, as plain data."""
    return {
        "profile": _profile(user),
        "answers": _attempts(user),
        "feedback": _feedback(user),
        "completions": _completions(user),
        "assignments": _assignments(user),
        "audit_events": _events(user),
        "emails": _emails(user),
    }


SECTION_HEADINGS = {
    "profile": "Your profile",
    "answers": "Your answers",
    "feedback": "Feedback on your answers",
    "completions": "Modules you completed",
    "assignments": "Modules assigned to you",
    "audit_events": "What was recorded about your account",
    "emails": "E-mails sent to you",
}


def subject_access_pdf(user: User) -> bytes:
    """Return the subject access record as a readable PDF."""
    data = subject_access(user)
    sections = []
    for key, heading in SECTION_HEADINGS.items():
        records = [data[key]] if key == "profile" else data[key]
        if key == "answers":
            records = [_flat_attempt(attempt) for attempt in records]
        sections.append((heading, [_readable(record) for record in records]))
    return render_subject_access_pdf(user.name, SUBJECT_ACCESS_INTRO, sections)


def _readable(record: dict) -> dict:
    """Return a record with labels and values a person reads easily: Yes and No, dates in words."""
    return {_label(key): _value(value) for key, value in record.items()}


def _label(key: str) -> str:
    return key if key[:1].isupper() else key.replace("_", " ").capitalize()


def _value(value: Any) -> Any:
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, str) and len(value) >= 19 and value[4] == "-" and value[10] == "T":
        moment = datetime.fromisoformat(value)
        return f"{moment.day} {moment:%B %Y at %H:%M} UTC"
    return value


def _flat_attempt(attempt: dict) -> dict:
    flat = {key: value for key, value in attempt.items() if key != "answers"}
    for number, answer in enumerate(attempt["answers"], start=1):
        flat[f"Q{number}. {answer['question']}"] = answer["answer"]
    return flat


def _profile(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "name": user.name,
        "profession": user.profession,
        "agency": user.agency.name if user.agency else None,
        "team": user.team.name if user.team else None,
        "roles": sorted(user.roles),
        "manager_scope": user.manager_scope,
        "active": user.active,
        "has_password": user.password_hash is not None,
        "failed_sign_ins": user.failed_sign_ins,
        "locked_until": _iso(user.locked_until),
        "account_created": _iso(user.created_at),
    }


def _attempts(user: User) -> list[dict[str, Any]]:
    query = (
        select(Attempt)
        .where(Attempt.user_id == user.id)
        .options(selectinload(Attempt.version), selectinload(Attempt.answers).selectinload(Answer.question))
        .order_by(Attempt.started_at)
    )
    return [
        {
            "module": attempt.version.title,
            "version": attempt.version.number,
            "state": attempt.state,
            "started": _iso(attempt.started_at),
            "submitted": _iso(attempt.submitted_at),
            "answers": [
                {"question": answer.question.prompt, "answer": shown_answer(answer.question, answer)}
                for answer in sorted(attempt.answers, key=lambda a: a.question.position)
            ],
        }
        for attempt in db.session.scalars(query)
    ]


def _feedback(user: User) -> list[dict[str, Any]]:
    query = select(Feedback).join(Attempt, Feedback.attempt_id == Attempt.id).where(Attempt.user_id == user.id)
    return [
        {"written": _iso(item.created_at), "feedback": item.text, "seen": _iso(item.seen_at)}
        for item in db.session.scalars(query.order_by(Feedback.created_at))
    ]


def _completions(user: User) -> list[dict[str, Any]]:
    query = select(Completion).where(Completion.user_id == user.id).options(selectinload(Completion.version))
    return [
        {
            "module": completion.version.title,
            "version": completion.version.number,
            "started": _iso(completion.started_at),
            "submitted": _iso(completion.submitted_at),
            "active_minutes": completion.active_minutes,
            "certificate_code": completion.certificate_code,
        }
        for completion in db.session.scalars(query.order_by(Completion.submitted_at))
    ]


def _assignments(user: User) -> list[dict[str, Any]]:
    query = (
        select(Assignment, Module.slug, Theme.name)
        .outerjoin(Module, Assignment.module_id == Module.id)
        .outerjoin(Theme, Assignment.theme_id == Theme.id)
        .where(Assignment.user_id == user.id)
        .order_by(Assignment.due_on)
    )
    return [
        {"module": slug, "theme": theme, "due_on": item.due_on.isoformat()}
        for item, slug, theme in db.session.execute(query)
    ]


def _events(user: User) -> list[dict[str, Any]]:
    about = or_(
        AuditEvent.subject_user_id == user.id,
        AuditEvent.actor_id == user.id,
        AuditEvent.details["email"].as_string() == user.email,
    )
    events = db.session.scalars(select(AuditEvent).where(about).order_by(AuditEvent.at, AuditEvent.id))
    return [
        {
            "when": _iso(event.at),
            "action": event.action,
            "by": "you" if event.actor_id == user.id else ("someone else" if event.actor_id else "the system"),
            # Someone else's address is about them, not this person.
            "from_address": event.ip if event.actor_id in (user.id, None) else None,
            "details": event.details if event.subject_user_id == user.id or event.actor_id == user.id else {},
        }
        for event in events
    ]


def _emails(user: User) -> list[dict[str, Any]]:
    query = select(OutboxMessage).where(OutboxMessage.user_id == user.id).order_by(OutboxMessage.id)
    return [{"subject": m.subject, "sent": _iso(m.sent_at)} for m in db.session.scalars(query)]


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def erase_person(user: User, actor: User) -> User:
    """Remove a person's personal data and answers; their completions stay, counted under an anonymous stand-in."""
    stand_in = User(
        email=f"erased-{secrets.token_hex(8)}@erased.invalid",
        name=ERASED_NAME,
        active=False,
        agency_id=user.agency_id,
        team_id=user.team_id,
    )
    db.session.add(stand_in)
    db.session.flush()
    attempts = select(Attempt.id).where(Attempt.user_id == user.id)
    db.session.execute(delete(Feedback).where(Feedback.attempt_id.in_(attempts)))
    db.session.execute(delete(Answer).where(Answer.attempt_id.in_(attempts)))
    db.session.execute(delete(Attempt).where(Attempt.user_id == user.id, Attempt.id.not_in(_completed())))
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.user_id == user.id))
    db.session.execute(delete(OutboxMessage).where(OutboxMessage.to_address == user.email))
    db.session.execute(delete(AccountLink).where(AccountLink.user_id == user.id))
    db.session.execute(delete(Assignment).where(Assignment.user_id == user.id))
    db.session.execute(delete(UserRole).where(UserRole.user_id == user.id))
    _scrub_events(user)
    _scrub_staged_imports(user)
    _repoint_everything(user.id, stand_in.id)
    db.session.expunge(user)
    db.session.execute(delete(User).where(User.id == user.id))
    record_event("person_erased", actor, stand_in)
    return stand_in


def _completed():
    return select(Completion.attempt_id)


def _scrub_events(user: User) -> None:
    mine = or_(
        AuditEvent.subject_user_id == user.id,
        AuditEvent.actor_id == user.id,
        AuditEvent.details["email"].as_string() == user.email,
    )
    db.session.execute(update(AuditEvent).where(mine).values(details={}, ip=None))


def _scrub_staged_imports(user: User) -> None:
    for staged in db.session.scalars(select(PeopleImport).where(PeopleImport.imported_at.is_(None))):
        if any(row.get("email", "").strip().lower() == user.email for row in staged.rows):
            db.session.delete(staged)
    db.session.flush()


def _repoint_everything(old_id: int, new_id: int) -> None:
    # Every column in every table that points at users, including tables added later by other features.
    for table in db.metadata.sorted_tables:
        for column in _user_columns(table):
            db.session.execute(update(table).where(column == old_id).values({column.name: new_id}))


def _user_columns(table: Table) -> list:
    if table.name == "users":
        return []
    return [column for column in table.columns if any(fk.column.table.name == "users" for fk in column.foreign_keys)]
