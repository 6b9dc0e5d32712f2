"""Training records written straight to the database, for report tests that need many of them."""

from datetime import UTC, date, datetime

from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, AttemptState, Completion
from quizapp.records.last_completions import note_completion


def at(day: date) -> datetime:
    """Return noon UTC on a day."""
    return datetime(day.year, day.month, day.day, 12, tzinfo=UTC)


def complete(user, module, on: date, minutes: int = 20) -> Completion:
    """Record that a person completed a module's current version on a day."""
    attempt = Attempt(
        user_id=user.id,
        module_id=module.id,
        version_id=module.current_version_id,
        state=AttemptState.SUBMITTED.value,
        started_at=at(on),
        last_activity_at=at(on),
        submitted_at=at(on),
    )
    db.session.add(attempt)
    db.session.flush()
    completion = Completion(
        user_id=user.id,
        module_id=module.id,
        version_id=module.current_version_id,
        attempt_id=attempt.id,
        started_at=at(on),
        submitted_at=at(on),
        active_minutes=minutes,
    )
    db.session.add(completion)
    note_completion(user.id, module.id, at(on))
    db.session.commit()
    return completion


def start(user, module, on: date) -> Attempt:
    """Record that a person started a module and has not submitted it."""
    attempt = Attempt(
        user_id=user.id,
        module_id=module.id,
        version_id=module.current_version_id,
        started_at=at(on),
        last_activity_at=at(on),
    )
    db.session.add(attempt)
    db.session.commit()
    return attempt


def assign(due_on: date, module=None, theme=None, refresh_months=None, **target) -> Assignment:
    """Assign a module or theme to an agency, team or person (agency=..., team=... or user=...)."""
    [(kind, obj)] = target.items()
    assignment = Assignment(
        module_id=module.id if module else None,
        theme_id=theme.id if theme else None,
        due_on=due_on,
        refresh_months=refresh_months,
        **{f"{kind}_id": obj.id},
    )
    db.session.add(assignment)
    db.session.commit()
    return assignment
