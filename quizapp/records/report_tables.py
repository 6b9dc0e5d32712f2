"""The completion report as tables for CSV and Excel: the same columns and words as the page."""

from collections.abc import Iterator
from dataclasses import asdict
from datetime import date
from typing import Any

from quizapp.models import User
from quizapp.people.audit import record_event
from quizapp.records.report import ReportFilters, SummaryRow
from quizapp.records.status import Status

PEOPLE_HEADER = ["Name", "E-mail", "Agency", "Team", "Profession", "Module", "Status", "Due", "Last completed"]
PEOPLE_WIDTHS = [28, 34, 40, 30, 26, 60, 16, 14, 16]
# Name, e-mail, agency, team and profession: the same on each of a person's rows.
PERSON_CELLS = 5
STATUS_HEADERS = [status.value.capitalize() for status in Status]
SUMMARY_WIDTHS = [44, 10, 16, 12, 12, 12, 10, 16, 20]


def summary_header(grouped_by: str) -> list[str]:
    return [grouped_by, "People", "Person-modules", *STATUS_HEADERS, "Completion rate (%)"]


def summary_cells(summary: list[SummaryRow], total: SummaryRow) -> Iterator[list[Any]]:
    """Yield one row per agency or team, then the total."""
    for row in [*summary, total]:
        yield [row.name, row.people, row.total, *(row.counts[status] for status in Status), row.rate]


def record_report_export(actor: User, fmt: str, filters: ReportFilters, today: date) -> None:
    """Write the audit event for a download of the completion report."""
    chosen = {key: _plain(value) for key, value in asdict(filters).items() if value is not None}
    record_event("completion report exported", actor, format=fmt, as_at=today.isoformat(), filters=chosen)


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else str(value) if isinstance(value, Status) else value
