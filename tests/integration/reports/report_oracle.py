"""The completion report as it was first written: every (person, module) pair derived in one SQL query.

Kept as the oracle for the faster report (report.py, report_counts.py), which must give the same rows and counts.
"""

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Integer, Select, and_, case, exists, false, func, literal, or_, select, union_all
from sqlalchemy.sql.elements import ColumnElement

from quizapp.extensions import db
from quizapp.models import Attempt, AttemptState, Completion, Module, ModuleVersion, Role, User, UserRole
from quizapp.models.types import UTCDateTime
from quizapp.records.dues import NO_REFRESH, DuePlan, due_plan
from quizapp.records.report import ReportFilters, ReportOptions, SummaryRow, group_by_team
from quizapp.records.scope import ManagerScope, people_in
from quizapp.records.status import Status


def oracle_report(scope: ManagerScope, filters: ReportFilters, options: ReportOptions, today: date):
    """Return the summary, the total and every row as (name, user id, module title, status, due, last completed)."""
    plan = due_plan(options.modules, today)
    pairs = _pairs(scope, filters, options, plan)
    summary, total = _summary(pairs, group_by_team(scope, filters), options)
    rows = [
        (r.name, r.user_id, r.title, Status(r.status), plan.due_on(r.rank), r.last_at.date() if r.last_at else None)
        for r in db.session.execute(_rows_query(pairs, filters))
    ]
    return summary, total, rows


def level_table(plan: DuePlan, level: str, name: str):
    selects: list[Select] = [
        select(
            literal(module_id, Integer).label("module_id"),
            literal(target_id, Integer).label("target_id"),
            literal(rank, Integer).label("rank"),
            literal(plan.refresh_before[rank], UTCDateTime()).label("refresh_before"),
        )
        for (module_id, target_id), rank in sorted(plan.best[level].items())
    ]
    if not selects:
        empty = select(
            literal(0, Integer).label("module_id"),
            literal(0, Integer).label("target_id"),
            literal(0, Integer).label("rank"),
            literal(NO_REFRESH, UTCDateTime()).label("refresh_before"),
        ).where(false())
        return empty.subquery(name)
    return (selects[0] if len(selects) == 1 else union_all(*selects)).subquery(name)


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


def _rows_query(pairs, filters: ReportFilters):
    query = select(pairs).order_by(pairs.c.name, pairs.c.user_id, pairs.c.title)
    if filters.status:
        query = query.where(pairs.c.status == filters.status.value)
    return query


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
    by_agency, by_team, by_user = (level_table(plan, level, f"due_{level}") for level in ("agency", "team", "user"))
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
