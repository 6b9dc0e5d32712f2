"""The completion report: who in a manager's area has completed which module, computed in SQL.

One row per person and published module. Statuses are derived, never stored, with the rules of status.py: the
same figures a learner sees on My learning. The summary and a page of rows are two queries whatever the size.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import and_, case, exists, func, literal, or_, select
from sqlalchemy.sql.elements import ColumnElement

from quizapp.curriculum.catalogue import all_themes, published_modules
from quizapp.extensions import db
from quizapp.models import (
    Agency,
    Attempt,
    AttemptState,
    Completion,
    Module,
    ModuleVersion,
    Role,
    Team,
    Theme,
    User,
    UserRole,
)
from quizapp.records.dues import DuePlan, due_plan
from quizapp.records.scope import ManagerScope, agencies_in, people_in, professions_in, teams_in
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


@dataclass
class SummaryRow:
    """Counts for one agency or team, or for everyone shown."""

    name: str
    people: int = 0
    total: int = 0
    counts: dict[Status, int] = field(default_factory=lambda: {status: 0 for status in Status})

    @property
    def rate(self) -> int:
        """Return the percentage of person-modules completed and up to date."""
        return round(100 * self.counts[Status.COMPLETED] / self.total) if self.total else 0


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
    plan = due_plan(options.modules, today)
    pairs = _pairs(scope, filters, options, plan)
    summary, total = _summary(pairs, by_team, options)
    row_count = total.counts[filters.status] if filters.status else total.total
    pages = max(1, -(-row_count // PER_PAGE))
    page = min(max(page, 1), pages)
    query = _rows_query(pairs, filters).limit(PER_PAGE).offset((page - 1) * PER_PAGE)
    rows = [_row(record, plan, options) for record in db.session.execute(query)]
    return Report("Team" if by_team else "Agency", summary, total, rows, page, pages, row_count)


def report_summary(
    scope: ManagerScope, filters: ReportFilters, options: ReportOptions, today: date
) -> tuple[list[SummaryRow], SummaryRow]:
    """Return counts per agency (or team) and in total; the status filter narrows the people list, not this."""
    pairs = _pairs(scope, filters, options, due_plan(options.modules, today))
    return _summary(pairs, group_by_team(scope, filters), options)


def _summary(pairs, by_team: bool, options: ReportOptions) -> tuple[list[SummaryRow], SummaryRow]:
    group = pairs.c.team_id if by_team else pairs.c.agency_id
    columns: list[ColumnElement] = [func.count(func.distinct(pairs.c.user_id)), func.count()]
    columns += [func.sum(case((pairs.c.status == status.value, 1), else_=0)) for status in Status]
    query = select(group, *columns).group_by(group)
    total = SummaryRow("All shown")
    rows = []
    for record in db.session.execute(query):
        group_id, people, count, *counts = (int(value or 0) for value in record)
        name = (options.team_name(group_id) if by_team else options.agency_name(group_id)) or "No team"
        row = SummaryRow(name, people, count, dict(zip(Status, counts, strict=True)))
        rows.append(row)
        total.people += people
        total.total += count
        for status in Status:
            total.counts[status] += row.counts[status]
    rows.sort(key=lambda r: r.name)
    return rows, total


def report_rows(
    scope: ManagerScope, filters: ReportFilters, options: ReportOptions, today: date
) -> Iterator[ReportRow]:
    """Yield every row of the people list, all pages, streamed from a server-side cursor."""
    plan = due_plan(options.modules, today)
    query = _rows_query(_pairs(scope, filters, options, plan), filters).execution_options(
        yield_per=1000, stream_results=True
    )
    for record in db.session.execute(query):
        yield _row(record, plan, options)


def assigned_rows(scope: ManagerScope, today: date) -> Iterator[ReportRow]:
    """Yield the rows of active people whose training is assigned and not up to date, streamed."""
    options = report_options(scope)
    plan = due_plan(options.modules, today)
    pairs = _pairs(scope, ReportFilters(), options, plan)
    query = (
        select(pairs)
        .where(pairs.c.rank.is_not(None), pairs.c.active.is_(True), pairs.c.status != Status.COMPLETED.value)
        .order_by(pairs.c.user_id, pairs.c.title)
        .execution_options(yield_per=1000, stream_results=True)
    )
    for record in db.session.execute(query):
        yield _row(record, plan, options)


def report_table_rows(
    scope: ManagerScope, filters: ReportFilters, options: ReportOptions, today: date
) -> Iterator[list[Any]]:
    """Yield the people list as download cells, all pages, streamed; the same words and order as the page."""
    plan = due_plan(options.modules, today)
    pairs = _pairs(scope, filters, options, plan)
    columns = (pairs.c.name, pairs.c.email, pairs.c.agency_id, pairs.c.team_id, pairs.c.profession, pairs.c.title)
    query = (
        _rows_query(pairs, filters)
        .with_only_columns(*columns, pairs.c.status, pairs.c.rank, pairs.c.last_at)
        .execution_options(yield_per=2000, stream_results=True)
    )
    agencies, teams, dues = options.agency_names, options.team_names, [entry.due_on for entry in plan.entries]
    # Hundreds of thousands of rows: plain tuples and dictionary look-ups, no object per row.
    records: Any = db.session.execute(query)
    for name, email, agency_id, team_id, profession, title, status, rank, last_at in records:
        yield [
            name,
            email,
            agencies.get(agency_id, ""),
            teams.get(team_id, ""),
            profession or "",
            title,
            STATUS_LABELS[status],
            dues[rank] if rank is not None else None,
            last_at.date() if last_at else None,
        ]


def _rows_query(pairs, filters: ReportFilters):
    query = select(pairs).order_by(pairs.c.name, pairs.c.user_id, pairs.c.title)
    if filters.status:
        query = query.where(pairs.c.status == filters.status.value)
    return query


def _row(record, plan: DuePlan, options: ReportOptions) -> ReportRow:
    return ReportRow(
        user_id=record.user_id,
        name=record.name,
        email=record.email,
        agency=options.agency_name(record.agency_id),
        team=options.team_name(record.team_id),
        profession=record.profession or "",
        module=record.title,
        status=Status(record.status),
        due_on=plan.due_on(record.rank),
        last_completed_on=record.last_at.date() if record.last_at else None,
        active=bool(record.active),
        assignment_id=plan.entries[record.rank].assignment_id if record.rank is not None else None,
    )


def _chosen_modules(filters: ReportFilters, options: ReportOptions) -> list[Module]:
    modules = options.modules
    if filters.module_id is not None:
        modules = [m for m in modules if m.id == filters.module_id]
    if filters.theme_id is not None:
        modules = [m for m in modules if any(t.id == filters.theme_id for t in m.current_version.themes)]
    return modules


def _least(a: ColumnElement, b: ColumnElement) -> ColumnElement:
    return case((a.is_(None), b), (or_(b.is_(None), a <= b), a), else_=b)


def _pairs(scope: ManagerScope, filters: ReportFilters, options: ReportOptions, plan: DuePlan):
    """Return a subquery of (person, module) with the facts and the status derived from them."""
    modules = _chosen_modules(filters, options)
    last = (
        select(Completion.user_id, Completion.module_id, func.max(Completion.submitted_at).label("last_at"))
        .group_by(Completion.user_id, Completion.module_id)
        .subquery("last")
    )
    open_attempt = Attempt.__table__.alias("open_attempt")
    by_agency, by_team, by_user = (plan.level_table(level, f"due_{level}") for level in ("agency", "team", "user"))
    rank = _least(_least(by_agency.c.rank, by_team.c.rank), by_user.c.rank)
    refresh_before = case(
        (rank == by_agency.c.rank, by_agency.c.refresh_before),
        (rank == by_team.c.rank, by_team.c.refresh_before),
        else_=by_user.c.refresh_before,
    )
    learner = exists(select(UserRole.id).where(UserRole.user_id == User.id, UserRole.role == Role.LEARNER.value))
    facts = (
        select(
            User.id.label("user_id"),
            User.name,
            User.email,
            User.profession,
            User.agency_id,
            User.team_id,
            User.active,
            Module.id.label("module_id"),
            ModuleVersion.title,
            last.c.last_at,
            (open_attempt.c.id.is_not(None)).label("in_progress"),
            rank.label("rank"),
            refresh_before.label("refresh_before"),
        )
        .select_from(User)
        .join(Module, Module.id.in_([m.id for m in modules]))
        .join(ModuleVersion, ModuleVersion.id == Module.current_version_id)
        .outerjoin(last, and_(last.c.user_id == User.id, last.c.module_id == Module.id))
        .outerjoin(
            open_attempt,
            and_(
                open_attempt.c.user_id == User.id,
                open_attempt.c.module_id == Module.id,
                open_attempt.c.state != AttemptState.SUBMITTED.value,
            ),
        )
        .outerjoin(by_agency, and_(by_agency.c.module_id == Module.id, by_agency.c.target_id == User.agency_id))
        .outerjoin(by_team, and_(by_team.c.module_id == Module.id, by_team.c.target_id == User.team_id))
        .outerjoin(by_user, and_(by_user.c.module_id == Module.id, by_user.c.target_id == User.id))
        .where(people_in(scope), learner, or_(User.active.is_(True), last.c.last_at.is_not(None)))
    )
    facts = _filtered(facts, filters, last.c.last_at).subquery("facts")
    status = case(
        (and_(facts.c.last_at.is_not(None), facts.c.last_at < facts.c.refresh_before), Status.DUE_FOR_REFRESH.value),
        (facts.c.last_at.is_not(None), Status.COMPLETED.value),
        (facts.c.rank < plan.overdue_below, Status.OVERDUE.value),
        (facts.c.in_progress, Status.IN_PROGRESS.value),
        else_=literal(Status.NOT_STARTED.value),
    )
    return select(*facts.c, status.label("status")).subquery("pairs")


def _filtered(query, filters: ReportFilters, last_at):
    if filters.agency_id is not None:
        query = query.where(User.agency_id == filters.agency_id)
    if filters.team_id is not None:
        query = query.where(User.team_id == filters.team_id)
    if filters.profession:
        query = query.where(User.profession == filters.profession)
    if filters.completed_from:
        query = query.where(last_at >= _start_of(filters.completed_from))
    if filters.completed_to:
        query = query.where(last_at < _start_of(filters.completed_to + timedelta(days=1)))
    return query


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)
