"""Reminders by e-mail, safe to run from cron every day: learners whose training is due, and managers' weekly summary.

Each message has a dedupe key naming the ISO week, so a second run the same day, or any day that week, queues
nothing again: a learner hears about an assignment at most once a week, a manager gets one summary a week.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

from flask import current_app
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.mail import queue_mail
from quizapp.models import Role, Scope, User, UserRole
from quizapp.records.report import ReportFilters, ReportRow, assigned_rows, report_options, report_summary
from quizapp.records.scope import ManagerScope, manager_scope
from quizapp.records.status import Status

DUE_WITHIN = timedelta(days=7)


@dataclass
class QueuedReminders:
    learner_ids: list[int]
    manager_ids: list[int]

    @property
    def ids(self) -> list[int]:
        return self.learner_ids + self.manager_ids


def week_of(today: date) -> str:
    """Return the ISO week a day falls in, as 2026-W48."""
    year, week, _ = today.isocalendar()
    return f"{year}-W{week:02d}"


def needs_reminder(row: ReportRow, today: date) -> bool:
    """Say whether an assigned module is overdue, due for refresh, or due within a week and not done."""
    if row.status in (Status.OVERDUE, Status.DUE_FOR_REFRESH):
        return True
    return row.status != Status.COMPLETED and row.due_on is not None and row.due_on <= today + DUE_WITHIN


def queue_reminders(today: date) -> QueuedReminders:
    """Queue this week's reminders to learners and summaries to managers; the caller commits."""
    everyone = ManagerScope(Scope.PARTNERSHIP)
    due: dict[tuple[int, int], list[ReportRow]] = {}
    for row in assigned_rows(everyone, today):
        if row.assignment_id is not None and needs_reminder(row, today):
            due.setdefault((row.assignment_id, row.user_id), []).append(row)
    learner_ids = _queue_learner_reminders(due, today)
    return QueuedReminders(learner_ids, _queue_manager_summaries(today))


def _queue_learner_reminders(due: dict[tuple[int, int], list[ReportRow]], today: date) -> list[int]:
    people = {u.id: u for u in db.session.scalars(select(User).where(User.id.in_({uid for _, uid in due})))}
    queued = []
    for (assignment_id, user_id), rows in sorted(due.items()):
        person = people[user_id]
        message = queue_mail(
            person.email,
            _learner_subject(rows, today),
            _learner_body(person, rows, today),
            user=person,
            dedupe_key=f"reminder:{assignment_id}:{user_id}:{week_of(today)}",
        )
        if message is not None:
            queued.append(message.id)
    return queued


def _learner_subject(rows: list[ReportRow], today: date) -> str:
    if any(row.status == Status.OVERDUE for row in rows):
        return "Reminder: your safeguarding training is overdue"
    if any(row.status == Status.DUE_FOR_REFRESH for row in rows):
        return "Reminder: your safeguarding training is due for refresh"
    return "Reminder: your safeguarding training is due soon"


def _learner_body(person: User, rows: list[ReportRow], today: date) -> str:
    lines = [f"Dear {person.name},", "", "This training has been assigned to you:", ""]
    lines += [f"- {row.module}: {_due_words(row, today)}" for row in rows]
    lines += [
        "",
        "Sign in and open My learning to start or carry on where you left off.",
        "",
        current_app.config["PARTNERSHIP_NAME"],
    ]
    return "\n".join(lines)


def _due_words(row: ReportRow, today: date) -> str:
    when = f"{row.due_on.day} {row.due_on:%B %Y}" if row.due_on else ""
    match row.status:
        case Status.OVERDUE:
            return f"overdue, it was due {when}"
        case Status.DUE_FOR_REFRESH:
            return "due for refresh: please complete it again"
    return f"due {when}"


def _managers() -> Iterable[User]:
    has_role = select(UserRole.user_id).where(UserRole.role == Role.MANAGER.value)
    query = select(User).where(User.id.in_(has_role), User.active.is_(True), User.manager_scope.is_not(None))
    return db.session.scalars(query.order_by(User.id)).all()


def _queue_manager_summaries(today: date) -> list[int]:
    queued = []
    for manager in _managers():
        key = f"manager-summary:{manager.id}:{week_of(today)}"
        scope = manager_scope(manager)
        options = report_options(scope)
        _, total = report_summary(scope, ReportFilters(), options, today)
        message = queue_mail(
            manager.email, "Weekly training summary for your area", _summary_body(manager, total), dedupe_key=key
        )
        if message is not None:
            queued.append(message.id)
    return queued


def _summary_body(manager: User, total) -> str:
    lines = [f"Dear {manager.name},", "", "Training in your area this week:", ""]
    lines += [f"- {status.value.capitalize()}: {total.counts[status]}" for status in Status]
    lines += [
        f"- Completion rate: {total.rate}%",
        "",
        "Sign in and open Reports to see who is overdue and to download the figures.",
        "",
        current_app.config["PARTNERSHIP_NAME"],
    ]
    return "\n".join(lines)
