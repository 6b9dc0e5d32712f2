"""The completion report's summary: statuses counted per agency or team without deriving every pair.

A person's status for a module depends only on their agency, team and own assignments (which decide the rank), on
whether they are active, on their last completion (only which refresh cutoff it falls before matters) and on an
open attempt. So one query groups people by class (agency, team, active) with the codes of their last completions
and open attempts; each code gets its status once in Python from the due plan, and pairs with no record are people
times modules less the pairs that have one. The work grows with people and completions, not people times modules.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    ColumnElement,
    Select,
    String,
    and_,
    case,
    cast,
    exists,
    func,
    literal,
    not_,
    null,
    or_,
    select,
)

from quizapp.extensions import db
from quizapp.models import Attempt, AttemptState, LastCompletion, Module, Role, User, UserRole
from quizapp.records.dues import DuePlan
from quizapp.records.report_remembered import Area, plan_key, remembered_by_area
from quizapp.records.scope import ManagerScope, covers_area, people_in
from quizapp.records.status import Status

if TYPE_CHECKING:
    from quizapp.records.report import ReportFilters, ReportOptions


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


def count_statuses(
    scope: ManagerScope,
    filters: ReportFilters,
    modules: list[Module],
    plan: DuePlan,
    by_team: bool,
    options: ReportOptions,
) -> tuple[list[SummaryRow], SummaryRow]:
    """Return counts per agency or team (by name) and in total; a person counts once in `people`."""
    ids = [m.id for m in modules]
    # The status filter narrows the people list, not the summary; an area's counts are the same whoever asks.
    key = (replace(filters, status=None, agency_id=None, team_id=None), tuple(ids), plan_key(plan))
    counted = (
        remembered_by_area(
            key,
            lambda area: area_shown(scope, filters, area),
            lambda areas: _count_areas(scope, filters, ids, plan, areas),
        )
        if ids
        else {}
    )
    groups: dict[int, SummaryRow] = {}
    for (agency_id, team_id), (people, counts) in counted.items():
        group_id = team_id if by_team else agency_id
        if group_id not in groups:
            name = options.team_name(group_id) if by_team else options.agency_name(group_id)
            groups[group_id] = SummaryRow(name or "No team")
        row = groups[group_id]
        row.people += people
        for status, count in zip(Status, counts, strict=True):
            row.add(status, count)
    total = SummaryRow("All shown")
    for row in groups.values():
        total.people += row.people
        for status, count in row.counts.items():
            total.add(status, count)
    return sorted(groups.values(), key=lambda r: r.name), total


def _count_areas(
    scope: ManagerScope, filters: ReportFilters, ids: list[int], plan: DuePlan, areas: list[Area] | None
) -> dict[Area, tuple[int, tuple[int, ...]]]:
    """Return people and counts by status (in Status order) per area (agency and team ids, 0 for none) counted.

    Only the areas listed are counted, or every area for None; plain values, to be remembered.
    """
    rows: dict[Area, SummaryRow] = {}

    def group(agency_id: int | None, team_id: int | None) -> SummaryRow:
        return rows.setdefault((agency_id or 0, team_id or 0), SummaryRow(""))

    _count_classes(scope, filters, ids, plan, areas, group)
    return {area: (row.people, tuple(row.counts[status] for status in Status)) for area, row in rows.items()}


def _count_classes(
    scope: ManagerScope, filters: ReportFilters, ids: list[int], plan: DuePlan, areas: list[Area] | None, group
) -> None:
    """Count people and their statuses class by class (agency, team, active), in one query."""
    named = plan.people_assigned_directly()
    cutoffs = sorted(set(plan.refresh_before_day))
    window = filters.completed_from is not None or filters.completed_to is not None
    reported = people_reported(scope, filters)
    if areas is not None:
        reported = and_(reported, or_(*(_in_area(area) for area in areas)))
    for agency_id, team_id, active, count, shown, persons, completed, started in _fetch(
        _classes_query(reported, areas is not None or narrowed(scope, filters), filters, ids, named, cutoffs)
    ):
        row = group(agency_id, team_id)
        row.people += int(shown or 0)
        # Pairs with a record, per (person named by an assignment or None, module): the rest are not started.
        recorded: Counter[tuple[int | None, int]] = Counter()
        for (code, person), pairs in _tally(completed).items():
            module_id, bucket = divmod(code, len(cutoffs) + 1)
            rank = plan.rank(module_id, agency_id, team_id, person)
            refresh = rank is not None and bucket <= cutoffs.index(plan.refresh_before_day[rank])
            row.add(Status.DUE_FOR_REFRESH if refresh else Status.COMPLETED, pairs)
            recorded[(person, module_id)] += pairs
        if window or not active:
            continue  # people no longer active count by their completions alone, as do completions between dates
        for (module_id, person), pairs in _tally(started).items():
            row.add(plan.status(plan.rank(module_id, agency_id, team_id, person), None, True), pairs)
            recorded[(person, module_id)] += pairs
        named_here = [int(person) for person in persons.split(",")] if persons else []
        for person, people in [(None, count - len(named_here)), *((person, 1) for person in named_here)]:
            for module_id in ids:
                status = plan.status(plan.rank(module_id, agency_id, team_id, person), None, False)
                row.add(status, people - recorded[(person, module_id)])


def _classes_query(
    people, narrowed: bool, filters: ReportFilters, ids: list[int], named: set[int], cutoffs: list[date]
) -> Select:
    """Return people grouped by agency, team and active, in the order of the index on those columns.

    Per class: how many people, how many are shown (active, or with a completion counted), the people named by an
    assignment, and the codes of the last completions and of the open attempts of modules never completed, as
    texts. SQLite sorts every row of a GROUP BY that no index orders: tens of thousands of completions, most of
    the time the summary took. Grouped in index order, each class's codes come back as one text counted in Python.
    """
    # The code of a last completion: its module and which refresh cutoff it falls before, enough to tell due for
    # refresh from completed.
    whens = [(LastCompletion.completed_on < cutoff, index) for index, cutoff in enumerate(cutoffs)]
    before = case(*whens, else_=len(cutoffs)) if whens else literal(0)
    latest = select(
        LastCompletion.user_id,
        _codes(LastCompletion.module_id * (len(cutoffs) + 1) + before, LastCompletion.user_id, named),
    ).where(LastCompletion.module_id.in_(ids))
    if filters.completed_from is not None:
        latest = latest.where(LastCompletion.completed_on >= filters.completed_from)
    if filters.completed_to is not None:
        latest = latest.where(LastCompletion.completed_on <= filters.completed_to)
    # Completions and attempts are read for the people reported only, when they are not the whole partnership.
    within = select(User.id).where(people).correlate(None)
    if narrowed:
        latest = latest.where(LastCompletion.user_id.in_(within))
    completed = latest.group_by(LastCompletion.user_id).subquery("completed")
    ever_completed = exists(
        select(LastCompletion.user_id).where(
            LastCompletion.user_id == Attempt.user_id, LastCompletion.module_id == Attempt.module_id
        )
    )
    opened = select(Attempt.user_id, _codes(Attempt.module_id, Attempt.user_id, named)).where(
        Attempt.state != AttemptState.SUBMITTED.value, Attempt.module_id.in_(ids), not_(ever_completed)
    )
    if narrowed:
        opened = opened.where(Attempt.user_id.in_(within))
    started = opened.group_by(Attempt.user_id).subquery("started")
    has_completed = completed.c.user_id.is_not(None)
    shown = (
        has_completed if filters.completed_from or filters.completed_to else or_(User.active.is_(True), has_completed)
    )
    named_here = func.aggregate_strings(case((User.id.in_(named), cast(User.id, String))), ",") if named else null()
    keys = (User.agency_id, User.team_id, User.active)
    return (
        select(
            *keys,
            func.count(),
            func.sum(case((shown, 1), else_=0)),
            named_here,
            func.aggregate_strings(completed.c.codes, ","),
            func.aggregate_strings(started.c.codes, ","),
        )
        .outerjoin(completed, completed.c.user_id == User.id)
        .outerjoin(started, started.c.user_id == User.id)
        .where(people)
        .group_by(*keys)
    )


def area_shown(scope: ManagerScope, filters: ReportFilters, area: Area) -> bool:
    """Say whether an area's people are in a report: in the manager's scope and the agency and team chosen."""
    agency_id, team_id = area
    chosen = filters.agency_id in (None, agency_id) and filters.team_id in (None, team_id)
    return chosen and covers_area(scope, agency_id, team_id)


def _in_area(area: Area) -> ColumnElement[bool]:
    """Return the condition on User for the people of one area (0 for no agency or no team)."""
    agency_id, team_id = area
    return and_(
        User.agency_id == agency_id if agency_id else User.agency_id.is_(None),
        User.team_id == team_id if team_id else User.team_id.is_(None),
    )


def narrowed(scope: ManagerScope, filters: ReportFilters) -> bool:
    """Say whether the people reported are fewer than the whole partnership's."""
    return not scope.is_partnership or any((filters.agency_id, filters.team_id, filters.profession))


def _codes(code, user_id, named: set[int]):
    """Return a person's codes as one comma-separated text; those of people named by an assignment carry their id."""
    text: ColumnElement[str] = cast(code, String)
    if named:
        text = case((user_id.in_(named), text + "@" + cast(user_id, String)), else_=text)
    return func.aggregate_strings(text, ",").label("codes")


def _tally(codes: str | None) -> Counter[tuple[int, int | None]]:
    """Return how many times each (code, named person or None) appears in a class's codes."""
    tally: Counter[tuple[int, int | None]] = Counter()
    for token, count in Counter(codes.split(",") if codes else ()).items():
        code, _, person = token.partition("@")
        tally[(int(code), int(person) if person else None)] += count
    return tally


def _fetch(query) -> Any:
    """Return the rows of a counting query: a few hundred tuples of plain values."""
    return db.session.execute(query)
