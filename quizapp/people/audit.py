"""Writing the append-only audit trail."""

from flask import has_request_context, request

from quizapp.extensions import db
from quizapp.models import AuditEvent, User


def record_event(action: str, actor: User | None, subject: User | None = None, obj=None, **details) -> None:
    """Add an audit event to the session; the caller's commit writes it with the work it records."""
    db.session.add(
        AuditEvent(
            action=action,
            actor_id=actor.id if actor else None,
            subject_user_id=subject.id if subject else None,
            object_type=type(obj).__name__ if obj is not None else None,
            object_id=getattr(obj, "id", None),
            ip=request.remote_addr if has_request_context() else None,
            details=details,
        )
    )
