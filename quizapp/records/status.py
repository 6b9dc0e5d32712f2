"""Assignment statuses, derived from assignments and completions at a given date, never stored."""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum


class Status(StrEnum):
    COMPLETED = "completed"
    IN_PROGRESS = "in progress"
    NOT_STARTED = "not started"
    OVERDUE = "overdue"
    DUE_FOR_REFRESH = "due for refresh"

    @property
    def tag_class(self) -> str:
        """Return the GOV.UK tag colour a status is shown in, the same on every page."""
        return _TAG_CLASSES[self]


_TAG_CLASSES = {
    Status.COMPLETED: "govuk-tag--green",
    Status.IN_PROGRESS: "govuk-tag--light-blue",
    Status.NOT_STARTED: "govuk-tag--grey",
    Status.OVERDUE: "govuk-tag--red",
    Status.DUE_FOR_REFRESH: "govuk-tag--orange",
}


@dataclass(frozen=True)
class Due:
    """The earliest due date and shortest refresh interval of the assignments that apply."""

    due_on: date
    refresh_months: int | None


def due_order(due_on: date, refresh_months: int | None, assignment_id: int) -> tuple[date, int, int]:
    """Return how assignments rank when several reach one person: earliest due, then shortest refresh, then oldest."""
    return due_on, refresh_months or 10_000, assignment_id


def add_months(day: date, months: int) -> date:
    """Return the same day of the month so many months later, clamped to the month's end."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    for candidate_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, candidate_day)
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has 28 days")


def module_status(due: Due | None, last_completed_on: date | None, in_progress: bool, today: date) -> Status:
    """Return one person's status for one module as at a date."""
    if last_completed_on is not None:
        refresh = due.refresh_months if due else None
        if refresh and add_months(last_completed_on, refresh) <= today:
            return Status.DUE_FOR_REFRESH
        return Status.COMPLETED
    if due is not None and due.due_on < today:
        return Status.OVERDUE
    return Status.IN_PROGRESS if in_progress else Status.NOT_STARTED
