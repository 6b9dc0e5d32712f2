"""The completion report's summary: statuses counted per agency or team without deriving every pair.

A person's status for a module depends only on their agency, team and own assignments (which decide the rank), on
whether they are active, on their last completion (only which refresh cutoff it falls before matters) and on an
open attempt. So SQL counts completions and open attempts by those classes, and people by agency and team; each
class gets its status once in Python from the due plan, and pairs with no record are people times modules less
the pairs that have one. The work grows with completions, not with people times modules.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, and_, case, exists, func, literal, not_, null, or_, select, union_all

from quizapp.extensions import db
from quizapp.models import Attempt, AttemptState, Completion, Module, Role, User, UserRole
from quizapp.records.dues import DuePlan
from quizapp.records.scope import ManagerScope, people_in
from quizapp.records.status import Status

if TYPE_CHECKING:
    from quizapp.records.report import ReportFilters, ReportOptions

# (agency, team, person named by an assignment or None, module)
Key = tuple[int | None, int | None, int | None, int]


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

    def add(self, status: Status, count: int) -> None:
        self.total += count
        self.counts[status] += count


def people_reported(scope: ManagerScope, filters: ReportFilters) -> ColumnElement[bool]:
    """Return the condition on User for the learners a report covers: the scope and the filters on people."""
    learner = exists(select(UserRole.id).where(UserRole.user_id == User.id, UserRole.role == Role.LEARNER.value))
    conditions = [people_in(scope), learner]
    if filters.agency_id is not None:
        conditions.append(User.agency_id == filters.agency_id)
    if filters.team_id is not None:
        conditions.append(User.team_id == filters.team_id)
    if filters.profession:
        conditions.append(User.profession == filters.profession)
    return and_(*conditions)


def completion_window(filters: ReportFilters) -> tuple[datetime | None, datetime | None]:
    """Return the first instant and the instant after the last that a last completion may fall in."""
    start = _start_of(filters.completed_from) if filters.completed_from else None
    end = _start_of(filters.completed_to + timedelta(days=1)) if filters.completed_to else None
    return start, end


def count_statuses(
    scope: ManagerScope,
    filters: ReportFilters,
    modules: list[Module],
    plan: DuePlan,
    by_team: bool,
    options: ReportOptions,
) -> tuple[list[SummaryRow], SummaryRow]:
    """Return counts per agency or team (by name) and in total; a person counts once in `people`."""
    groups: dict[int | None, SummaryRow] = {}

    def group(agency_id: int | None, team_id: int | None) -> SummaryRow:
        group_id = team_id if by_team else agency_id
        if group_id not in groups:
            name = options.team_name(group_id) if by_team else options.agency_name(group_id)
            groups[group_id] = SummaryRow(name or "No team")
        return groups[group_id]

    ids = [m.id for m in modules]
    if ids:
        named = plan.people_assigned_directly()
        who = case((User.id.in_(named), User.id))  # NULL for everyone when nobody is named
        people = people_reported(scope, filters)
        start, end = completion_window(filters)
        recorded = _count_records(ids, people, who, plan, start, end, group)
        if start is None and end is None:
            _count_people(ids, people, who, plan, recorded, group)
        else:
            _count_people_in_window(ids, people, start, end, group)
    total = SummaryRow("All shown")
    for row in groups.values():
        total.people += row.people
        for status, count in row.counts.items():
            total.add(status, count)
    return sorted(groups.values(), key=lambda r: r.name), total


def _latest(ids: list[int], start: datetime | None, end: datetime | None):
    last_at = func.max(Completion.submitted_at)
    query = select(Completion.user_id, Completion.module_id, last_at.label("last_at")).where(
        Completion.module_id.in_(ids)
    )
    query = query.group_by(Completion.user_id, Completion.module_id)
    if start is not None:
        query = query.having(last_at >= start)
    if end is not None:
        query = query.having(last_at < end)
    return query.subquery("latest")


def _count_records(ids, people, who, plan: DuePlan, start, end, group) -> Counter[Key]:
    """Count pairs with a last completion (or, with no dates chosen, only an open attempt) by class.

    Return how many pairs of active people have a record, per class and module: the rest are not started.
    """
    facts: Any = select(*_latest(ids, start, end).c, literal(False).label("open_only"))
    if start is None and end is None:
        completed = exists(
            select(Completion.id).where(
                Completion.user_id == Attempt.user_id, Completion.module_id == Attempt.module_id
            )
        )
        started_only = select(
            Attempt.user_id, Attempt.module_id, null().label("last_at"), literal(True).label("open_only")
        ).where(Attempt.state != AttemptState.SUBMITTED.value, Attempt.module_id.in_(ids), not_(completed))
        facts = union_all(facts, started_only)
    record = facts.subquery("record")
    cutoffs = sorted(set(plan.refresh_before))
    # Which refresh cutoff the last completion falls before: enough to tell due for refresh from completed.
    before = case(
        (record.c.open_only, -1),
        *((record.c.last_at < cutoff, index) for index, cutoff in enumerate(cutoffs)),
        else_=len(cutoffs),
    )
    keys = (User.agency_id, User.team_id, who, User.active, record.c.module_id, before)
    query = (
        select(*keys, func.count())
        .select_from(record)
        .join(User, User.id == record.c.user_id)
        .where(people, or_(User.active.is_(True), record.c.open_only.is_(False)))
        .group_by(*keys)
    )
    recorded: Counter[Key] = Counter()
    for agency_id, team_id, person, active, module_id, bucket, count in _fetch(query):
        rank = plan.rank(module_id, agency_id, team_id, person)
        if bucket < 0:
            status = plan.status(rank, None, True)
        elif rank is not None and bucket <= cutoffs.index(plan.refresh_before[rank]):
            status = Status.DUE_FOR_REFRESH
        else:
            status = Status.COMPLETED
        group(agency_id, team_id).add(status, count)
        if active:
            recorded[(agency_id, team_id, person, module_id)] += count
    return recorded


def _count_people(ids, people, who, plan: DuePlan, recorded: Counter[Key], group) -> None:
    """Count people, and active people's modules with no record at all: not started or overdue.

    Active people count once each; people no longer active count only if they completed one of the modules.
    """
    completed = exists(select(Completion.id).where(Completion.user_id == User.id, Completion.module_id.in_(ids)))
    keys = (User.agency_id, User.team_id, who, User.active)
    counted = func.sum(case((User.active.is_(True), 1), (completed, 1), else_=0))
    query = select(*keys, func.count(), counted).where(people).group_by(*keys)
    for agency_id, team_id, person, active, count, shown in _fetch(query):
        row = group(agency_id, team_id)
        row.people += int(shown or 0)
        if not active:
            continue
        for module_id in ids:
            rank = plan.rank(module_id, agency_id, team_id, person)
            row.add(plan.status(rank, None, False), count - recorded[(agency_id, team_id, person, module_id)])


def _count_people_in_window(ids, people, start, end, group) -> None:
    """Count the people with a last completion between the dates chosen: they alone are shown."""
    latest = _latest(ids, start, end)
    keys = (User.agency_id, User.team_id)
    query = (
        select(*keys, func.count(func.distinct(User.id)))
        .select_from(latest)
        .join(User, User.id == latest.c.user_id)
        .where(people)
        .group_by(*keys)
    )
    for agency_id, team_id, count in _fetch(query):
        group(agency_id, team_id).people += count


def _fetch(query) -> Any:
    """Return the rows of a counting query: a few hundred tuples of plain values."""
    return db.session.execute(query)


def _start_of(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=UTC)
