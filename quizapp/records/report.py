"""The completion report: who in a manager's area has completed which module.

One row per person and published module. Statuses are derived, never stored, with the rules of status.py: the
same figures a learner sees on My learning. Rows come person by person from one streamed query (report_people.py),
so the first page reads only its first people and a download reads each person once. The summary counts in SQL
(report_counts.py), class by class of people rather than pair by pair, and is remembered while nothing it counts
changes (report_remembered.py).
"""

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from itertools import islice
from typing import Any

from quizapp.curriculum.catalogue import all_themes, published_modules
from quizapp.models import Agency, Module, Team, Theme, User
from quizapp.records.dues import DuePlan, due_plan
from quizapp.records.report_counts import SummaryRow, count_statuses
from quizapp.records.report_people import Entry, Person, people_with_statuses
from quizapp.records.scope import ManagerScope, agencies_in, professions_in, teams_in
from quizapp.records.status import Status

PER_PAGE = 50
STATUS_LABELS = {status.value: status.value.capitalize() for status in Status}


@dataclass(frozen=True)
class ReportFilters:
    """What a manager chose to see; every value already checked against their scope."""

    agency_id: int | None = None
    team_id: int | None = None
    profession: str | None = None
    module_id: int | None = None
    theme_id: int | None = None
    status: Status | None = None
    completed_from: date | None = None
    completed_to: date | None = None


@dataclass
class ReportOptions:
    """The filter values a manager may choose from, which are also the names rows are shown with."""

    agencies: list[Agency]
    teams: list[Team]
    modules: list[Module]
    themes: list[Theme]
    professions: list[str]

    def __post_init__(self):
        # Rows are named from these dictionaries: tens of thousands of rows, a few dozen names.
        self.agency_names = {a.id: a.name for a in self.agencies}
        self.team_names = {t.id: t.name for t in self.teams}

    def agency_name(self, agency_id: int | None) -> str:
        return self.agency_names.get(agency_id or 0, "")

    def team_name(self, team_id: int | None) -> str:
        return self.team_names.get(team_id or 0, "")


@dataclass(frozen=True)
class ReportRow:
    user_id: int
    name: str
    email: str
    agency: str
    team: str
    profession: str
    module: str
    status: Status
    due_on: date | None
    last_completed_on: date | None
    active: bool = True
    assignment_id: int | None = None


@dataclass
class Report:
    grouped_by: str
    summary: list[SummaryRow]
    total: SummaryRow
    rows: list[ReportRow]
    page: int
    pages: int
    row_count: int


def report_options(scope: ManagerScope) -> ReportOptions:
    """Return the agencies, teams, modules, themes and professions a manager may filter by."""
    return ReportOptions(agencies_in(scope), teams_in(scope), published_modules(), all_themes(), professions_in(scope))


def group_by_team(scope: ManagerScope, filters: ReportFilters) -> bool:
    """Say whether the summary is per team (inside one agency) rather than per agency."""
    return not scope.is_partnership or filters.agency_id is not None or filters.team_id is not None


def completion_report(
    scope: ManagerScope, filters: ReportFilters, options: ReportOptions, today: date, page: int = 1
) -> Report:
    """Return the summary per agency or team and one page of people, for a scope and filters as at a date."""
    by_team = group_by_team(scope, filters)
    modules = chosen_modules(filters, options)
    plan = due_plan(options.modules, today)
    summary, total = count_statuses(scope, filters, modules, plan, by_team, options)
    row_count = total.counts[filters.status] if filters.status else total.total
    pages = max(1, -(-row_count // PER_PAGE))
    page = min(max(page, 1), pages)
    people = people_with_statuses(scope, filters, modules, plan, _BY_NAME, page_size=PER_PAGE)
    pairs = ((person, entry) for person, entries in people for entry in entries)
    rows = [
        _row(person, entry, plan, options) for person, entry in islice(pairs, (page - 1) * PER_PAGE, page * PER_PAGE)
    ]
    people.close()  # stops reading people once the page is full
    return Report("Team" if by_team else "Agency", summary, total, rows, page, pages, row_count)


def report_summary(
    scope: ManagerScope, filters: ReportFilters, options: ReportOptions, today: date
) -> tuple[list[SummaryRow], SummaryRow]:
    """Return counts per agency (or team) and in total; the status filter narrows the people list, not this."""
    plan = due_plan(options.modules, today)
    modules = chosen_modules(filters, options)
    return count_statuses(scope, filters, modules, plan, group_by_team(scope, filters), options)


def report_rows(
    scope: ManagerScope, filters: ReportFilters, options: ReportOptions, today: date
) -> Iterator[ReportRow]:
    """Yield every row of the people list, all pages, streamed from a server-side cursor."""
    plan = due_plan(options.modules, today)
    for person, entries in people_with_statuses(scope, filters, chosen_modules(filters, options), plan, _BY_NAME):
        for entry in entries:
            yield _row(person, entry, plan, options)


def assigned_rows(scope: ManagerScope, today: date) -> Iterator[ReportRow]:
    """Yield the rows of active people whose training is assigned and not up to date, streamed, person by person."""
    options = report_options(scope)
    plan = due_plan(options.modules, today)
    for person, entries in people_with_statuses(scope, ReportFilters(), options.modules, plan, (User.id,)):
        for entry in entries:
            _, status, rank, _ = entry
            if rank is not None and person[ACTIVE] and status != Status.COMPLETED:
                yield _row(person, entry, plan, options)


def report_table_rows(
    scope: ManagerScope, filters: ReportFilters, options: ReportOptions, today: date
) -> Iterator[tuple[Any, ...]]:
    """Yield the people list as download cells, all pages, streamed; the same words and order as the page."""
    plan = due_plan(options.modules, today)
    agencies, teams, dues = options.agency_names, options.team_names, [entry.due_on for entry in plan.entries]
    # Hundreds of thousands of rows: plain tuples and dictionary look-ups, a person's own cells made once.
    for (_, name, email, profession, agency_id, team_id, _), entries in people_with_statuses(
        scope, filters, chosen_modules(filters, options), plan, _BY_NAME
    ):
        person = (name, email, agencies.get(agency_id or 0, ""), teams.get(team_id or 0, ""), profession or "")
        for title, status, rank, last_on in entries:
            yield (*person, title, STATUS_LABELS[status], dues[rank] if rank is not None else None, last_on)


def chosen_modules(filters: ReportFilters, options: ReportOptions) -> list[Module]:
    """Return the modules the filters keep, by title: the order of each person's rows."""
    modules = options.modules
    if filters.module_id is not None:
        modules = [m for m in modules if m.id == filters.module_id]
    if filters.theme_id is not None:
        modules = [m for m in modules if any(t.id == filters.theme_id for t in m.current_version.themes)]
    return sorted(modules, key=lambda m: (m.current_version.title, m.id))


ACTIVE = 6  # in a Person
_BY_NAME = (User.name, User.id)


def _row(person: Person, entry: Entry, plan: DuePlan, options: ReportOptions) -> ReportRow:
    user_id, name, email, profession, agency_id, team_id, active = person
    title, status, rank, last_on = entry
    return ReportRow(
        user_id=user_id,
        name=name,
        email=email,
        agency=options.agency_name(agency_id),
        team=options.team_name(team_id),
        profession=profession or "",
        module=title,
        status=status,
        due_on=plan.due_on(rank),
        last_completed_on=last_on,
        active=bool(active),
        assignment_id=plan.entries[rank].assignment_id if rank is not None else None,
    )
