"""The completion report: who in a manager's area has completed which module.

One row per person and published module. Statuses are derived, never stored, with the rules of status.py: the
same figures a learner sees on My learning. Rows come from one streamed query of people (by name) with their
completions and open attempts; the status of each module is decided in Python from the due plan, so the first
page reads only its first people and a download reads each person once. The summary counts in SQL (see
report_counts.py), proportional to completions rather than to people times modules.
"""

from collections.abc import Generator, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from itertools import groupby, islice
from operator import itemgetter
from typing import Any

from sqlalchemy import and_, select

from quizapp.curriculum.catalogue import all_themes, published_modules
from quizapp.extensions import db
from quizapp.models import Agency, Attempt, AttemptState, Completion, Module, Team, Theme, User
from quizapp.records.dues import DuePlan, due_plan
from quizapp.records.report_counts import SummaryRow, completion_window, count_statuses, people_reported
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
    pairs = _pairs(scope, filters, modules, plan, _BY_NAME)
    rows = [_row(pair, plan, options) for pair in islice(pairs, (page - 1) * PER_PAGE, page * PER_PAGE)]
    pairs.close()  # stops reading people once the page is full
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
    for pair in _pairs(scope, filters, chosen_modules(filters, options), plan, _BY_NAME):
        yield _row(pair, plan, options)


def assigned_rows(scope: ManagerScope, today: date) -> Iterator[ReportRow]:
    """Yield the rows of active people whose training is assigned and not up to date, streamed, person by person."""
    options = report_options(scope)
    plan = due_plan(options.modules, today)
    for pair in _pairs(scope, ReportFilters(), options.modules, plan, (User.id,)):
        if pair[RANK] is not None and pair[ACTIVE] and pair[STATUS] != Status.COMPLETED:
            yield _row(pair, plan, options)


def report_table_rows(
    scope: ManagerScope, filters: ReportFilters, options: ReportOptions, today: date
) -> Iterator[list[Any]]:
    """Yield the people list as download cells, all pages, streamed; the same words and order as the page."""
    plan = due_plan(options.modules, today)
    agencies, teams, dues = options.agency_names, options.team_names, [entry.due_on for entry in plan.entries]
    # Hundreds of thousands of rows: plain tuples and dictionary look-ups, no object per row.
    for _, name, email, profession, agency_id, team_id, _, title, status, rank, last_at in _pairs(
        scope, filters, chosen_modules(filters, options), plan, _BY_NAME
    ):
        yield [
            name,
            email,
            agencies.get(agency_id or 0, ""),
            teams.get(team_id or 0, ""),
            profession or "",
            title,
            STATUS_LABELS[status],
            dues[rank] if rank is not None else None,
            last_at.date() if last_at else None,
        ]


def chosen_modules(filters: ReportFilters, options: ReportOptions) -> list[Module]:
    """Return the modules the filters keep, by title: the order of each person's rows."""
    modules = options.modules
    if filters.module_id is not None:
        modules = [m for m in modules if m.id == filters.module_id]
    if filters.theme_id is not None:
        modules = [m for m in modules if any(t.id == filters.theme_id for t in m.current_version.themes)]
    return sorted(modules, key=lambda m: (m.current_version.title, m.id))


# A pair is a plain tuple: tens of thousands of them go to a download.
USER_ID, NAME, EMAIL, PROFESSION, AGENCY_ID, TEAM_ID, ACTIVE, TITLE, STATUS, RANK, LAST_AT = range(11)
Pair = tuple[int, str, str, str | None, int | None, int | None, bool, str, Status, int | None, datetime | None]
_BY_NAME = (User.name, User.id)


def _pairs(
    scope: ManagerScope, filters: ReportFilters, modules: list[Module], plan: DuePlan, order: tuple
) -> Generator[Pair, None, None]:
    """Yield (person, module) facts and status, person by person in the order given and by module title."""
    ids = [m.id for m in modules]
    query = (
        select(
            User.id,
            User.name,
            User.email,
            User.profession,
            User.agency_id,
            User.team_id,
            User.active,
            Completion.module_id,
            Completion.submitted_at,
            Attempt.module_id,
        )
        .select_from(User)
        .outerjoin(Completion, and_(Completion.user_id == User.id, Completion.module_id.in_(ids)))
        .outerjoin(
            Attempt,
            and_(
                Attempt.user_id == User.id,
                Attempt.state != AttemptState.SUBMITTED.value,
                Attempt.module_id.in_(ids),
            ),
        )
        .where(people_reported(scope, filters))
        .order_by(*order)
        .execution_options(yield_per=2000, stream_results=True)
    )
    titles = [(m.id, m.current_version.title) for m in modules]
    start, end = completion_window(filters)
    wanted = filters.status
    named = plan.people_assigned_directly()
    # People in one team share their ranks unless an assignment names them: work them out once per team.
    ranks: dict[tuple[int | None, int | None, int | None], list[int | None]] = {}
    # Core, not the ORM: plain rows, tens of thousands of them.
    result = db.session.connection().execute(query)
    try:
        for _, records in groupby(result, key=itemgetter(0)):
            # One person: a row per completion and open attempt (or one empty row); a handful.
            last: dict[int, datetime] = {}
            started: set[int] = set()
            for record in records:
                person, completed_module, submitted_at, open_module = record[:7], record[7], record[8], record[9]
                if completed_module is not None and (
                    completed_module not in last or submitted_at > last[completed_module]
                ):
                    last[completed_module] = submitted_at
                if open_module is not None:
                    started.add(open_module)
            user_id, _, _, _, agency_id, team_id, active = person
            key = (agency_id, team_id, user_id if user_id in named else None)
            if key not in ranks:
                ranks[key] = [plan.rank(module_id, *key) for module_id in ids]
            for (module_id, title), rank in zip(titles, ranks[key], strict=True):
                last_at = last.get(module_id)
                if last_at is None and (not active or start or end):
                    continue
                if last_at is not None and ((start and last_at < start) or (end and last_at >= end)):
                    continue
                status = plan.status(rank, last_at, module_id in started)
                if wanted is None or status == wanted:
                    yield (*person, title, status, rank, last_at)
    finally:
        result.close()


def _row(pair: Pair, plan: DuePlan, options: ReportOptions) -> ReportRow:
    user_id, name, email, profession, agency_id, team_id, active, title, status, rank, last_at = pair
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
        last_completed_on=last_at.date() if last_at else None,
        active=bool(active),
        assignment_id=plan.entries[rank].assignment_id if rank is not None else None,
    )
