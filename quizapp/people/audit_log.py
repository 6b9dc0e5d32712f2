"""Reading the audit trail: filtered, a page at a time on screen, or streamed whole for a download."""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Select, func, or_, select
from sqlalchemy.orm import aliased

from quizapp.extensions import db
from quizapp.models import AuditEvent, User

PAGE_SIZE = 50
EXPORT_HEADER = ["When (UTC)", "Action", "By", "About", "Object", "Object id", "From address", "Details"]


@dataclass
class AuditFilter:
    """What the admin asked to see; empty parts match everything."""

    person: str = ""
    action: str = ""
    since: date | None = None
    until: date | None = None


@dataclass
class AuditPage:
    rows: list[tuple[AuditEvent, str | None, str | None]]
    total: int
    page: int
    pages: int


Actor = aliased(User, name="actor")
Subject = aliased(User, name="subject")


def _query(wanted: AuditFilter) -> Select:
    query = (
        select(AuditEvent, Actor.email, Subject.email)
        .outerjoin(Actor, AuditEvent.actor_id == Actor.id)
        .outerjoin(Subject, AuditEvent.subject_user_id == Subject.id)
    )
    if wanted.person.strip():
        pattern = f"%{wanted.person.strip().lower()}%"
        query = query.where(
            or_(
                func.lower(Actor.email).like(pattern),
                func.lower(Actor.name).like(pattern),
                func.lower(Subject.email).like(pattern),
                func.lower(Subject.name).like(pattern),
            )
        )
    if wanted.action:
        query = query.where(AuditEvent.action == wanted.action)
    if wanted.since:
        query = query.where(AuditEvent.at >= datetime.combine(wanted.since, time(), UTC))
    if wanted.until:
        query = query.where(AuditEvent.at < datetime.combine(wanted.until + timedelta(days=1), time(), UTC))
    return query


def audit_page(wanted: AuditFilter, page: int = 1) -> AuditPage:
    """Return one page of matching events, newest first, each with who did it and whom it was about."""
    query = _query(wanted)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    ordered = query.order_by(AuditEvent.at.desc(), AuditEvent.id.desc()).limit(PAGE_SIZE).offset((page - 1) * PAGE_SIZE)
    return AuditPage([tuple(row) for row in db.session.execute(ordered)], total, page, pages)  # type: ignore[misc]


def audit_rows(wanted: AuditFilter) -> Iterator[list]:
    """Yield every matching event as a row for a download, oldest first, in bounded memory."""
    query = _query(wanted).order_by(AuditEvent.at, AuditEvent.id).execution_options(yield_per=1000)
    for row in db.session.execute(query):
        event: AuditEvent = row[0]
        actor, subject = row[1], row[2]
        yield [
            event.at,
            event.action,
            actor or "",
            subject or "",
            event.object_type,
            event.object_id,
            event.ip,
            describe(event.details),
        ]


def describe(details: dict) -> str:
    """Return an event's details as readable text."""
    return "; ".join(f"{key.replace('_', ' ')}: {value}" for key, value in sorted((details or {}).items()))


def actions() -> list[str]:
    """Return every action recorded so far, for the filter."""
    return list(db.session.scalars(select(AuditEvent.action).distinct().order_by(AuditEvent.action)))
