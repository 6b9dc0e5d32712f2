"""Retention: answers older than the configured period lose their words; completions and counts stay."""

from datetime import datetime

import click
from flask import current_app
from flask.cli import AppGroup
from sqlalchemy import String, cast, null, or_, select, update

from quizapp.extensions import db
from quizapp.models import Answer, Attempt
from quizapp.models.types import utcnow
from quizapp.people.audit import record_event
from quizapp.records.status import add_months

retention_cli = AppGroup("retention", help="Apply the data retention period.")


def retention_cutoff(now: datetime, years: int) -> datetime:
    """Return the moment before which answers are anonymised."""
    return datetime.combine(add_months(now.date(), -12 * years), now.timetz())


def anonymise_old_answers(now: datetime, years: int) -> int:
    """Blank the text and choices of answers in attempts last used before the cutoff; return how many changed."""
    cutoff = retention_cutoff(now, years)
    old_attempts = select(Attempt.id).where(Attempt.last_activity_at < cutoff)
    still_held = or_(Answer.text != "", cast(Answer.choices, String) != "[]")
    result = db.session.execute(
        update(Answer)
        .where(Answer.attempt_id.in_(old_attempts), still_held)
        # Keep updated_at as it was: the answer was last written by the learner, not by this job.
        .values(text="", choices=[], first_choices=null(), updated_at=Answer.updated_at)
        .execution_options(synchronize_session=False)
    )
    count: int = result.rowcount  # type: ignore[attr-defined]
    if count:
        record_event("retention_applied", None, answers=count, cutoff=cutoff.isoformat(), years=years)
    return count


@retention_cli.command("apply")
def apply_command() -> None:
    """Anonymise answers older than RETENTION_YEARS; safe to run every night, changes nothing the second time."""
    years = current_app.config["RETENTION_YEARS"]
    count = anonymise_old_answers(utcnow(), years)
    db.session.commit()
    click.echo(f"Anonymised {count} answer{'' if count == 1 else 's'} older than {years} years")
