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
from typing import TYPE_CHECKING, Any

from sqlalchemy import ColumnElement, Select, String, and_, case, cast, exists, func, literal, not_, null, select

from quizapp.extensions import db
from quizapp.models import Attempt, AttemptState, LastCompletion, Module, Role, User, UserRole
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
        people = people_reported(scope, filters)
        first, last = filters.completed_from, filters.completed_to
        recorded = _count_completed(ids, people, named, plan, first, last, group)
        if first is None and last is None:
            _count_started(ids, people, named, plan, recorded, group)
            _count_people(ids, people, named, plan, recorded, group)
        else:
            _count_people_in_window(ids, people, first, last, group)
    total = SummaryRow("All shown")
    for row in groups.values():
        total.people += row.people
        for status, count in row.counts.items():
            total.add(status, count)
    return sorted(groups.values(), key=lambda r: r.name), total


def _count_completed(ids, people, named, plan: DuePlan, first, last, group) -> Counter[Key]:
    """Count last completions by class, module and the refresh cutoff they fall before: completed or due for refresh.

    Return how many pairs of active people have a completion, per class and module.
    """
    cutoffs = sorted(set(plan.refresh_before_day))
    span = len(cutoffs) + 1
    # Which refresh cutoff the last completion falls before: enough to tell due for refresh from completed.
    whens = [(LastCompletion.completed_on < cutoff, index) for index, cutoff in enumerate(cutoffs)]
    before = case(*whens, else_=len(cutoffs)) if whens else literal(0)
    query = _by_class(people, _codes(LastCompletion.module_id * span + before, named)).join(
        LastCompletion, LastCompletion.user_id == User.id
    )
    if first is not None:
        query = query.where(LastCompletion.completed_on >= first)
    if last is not None:
        query = query.where(LastCompletion.completed_on <= last)
    wanted, recorded = set(ids), Counter[Key]()
    for agency_id, team_id, active, codes in _fetch(query):
        for (code, person), count in _tally(codes).items():
            module_id, bucket = divmod(code, span)
            if module_id not in wanted:
                continue
            rank = plan.rank(module_id, agency_id, team_id, person)
            refresh = rank is not None and bucket <= cutoffs.index(plan.refresh_before_day[rank])
            group(agency_id, team_id).add(Status.DUE_FOR_REFRESH if refresh else Status.COMPLETED, count)
            if active:
                recorded[(agency_id, team_id, person, module_id)] += count
    return recorded


def _count_started(ids, people, named, plan: DuePlan, recorded: Counter[Key], group) -> None:
    """Count active people's open attempts at modules they never completed: in progress, or overdue."""
    completed = exists(
        select(LastCompletion.user_id).where(
            LastCompletion.user_id == Attempt.user_id, LastCompletion.module_id == Attempt.module_id
        )
    )
    query = (
        _by_class(people, _codes(Attempt.module_id, named))
        .join(Attempt, Attempt.user_id == User.id)
        .where(User.active.is_(True), Attempt.state != AttemptState.SUBMITTED.value, not_(completed))
    )
    wanted = set(ids)
    for agency_id, team_id, _, codes in _fetch(query):
        for (module_id, person), count in _tally(codes).items():
            if module_id in wanted:
                rank = plan.rank(module_id, agency_id, team_id, person)
                group(agency_id, team_id).add(plan.status(rank, None, True), count)
                recorded[(agency_id, team_id, person, module_id)] += count


def _count_people(ids, people, named, plan: DuePlan, recorded: Counter[Key], group) -> None:
    """Count people, and active people's modules with no record at all: not started or overdue.

    Active people count once each; people no longer active count only if they completed one of the modules.
    """
    completed = exists(
        select(LastCompletion.user_id).where(LastCompletion.user_id == User.id, LastCompletion.module_id.in_(ids))
    )
    shown = func.sum(case((User.active.is_(True), 1), (completed, 1), else_=0))
    named_here = func.aggregate_strings(case((User.id.in_(named), cast(User.id, String))), ",") if named else null()
    for agency_id, team_id, active, count, people_shown, persons in _fetch(
        _by_class(people, func.count(), shown, named_here)
    ):
        row = group(agency_id, team_id)
        row.people += int(people_shown or 0)
        if not active:
            continue
        persons = [int(person) for person in persons.split(",")] if persons else []
        for person, people_like in [(None, count - len(persons)), *((person, 1) for person in persons)]:
            for module_id in ids:
                rank = plan.rank(module_id, agency_id, team_id, person)
                status = plan.status(rank, None, False)
                row.add(status, people_like - recorded[(agency_id, team_id, person, module_id)])


def _count_people_in_window(ids, people, first, last, group) -> None:
    """Count the people with a last completion between the days chosen: they alone are shown."""
    query = (
        select(User.agency_id, User.team_id, func.count(func.distinct(User.id)))
        .join(LastCompletion, LastCompletion.user_id == User.id)
        .where(people, LastCompletion.module_id.in_(ids))
        .group_by(User.agency_id, User.team_id)
    )
    if first is not None:
        query = query.where(LastCompletion.completed_on >= first)
    if last is not None:
        query = query.where(LastCompletion.completed_on <= last)
    for agency_id, team_id, count in _fetch(query):
        group(agency_id, team_id).people += count


def _by_class(people, *columns) -> Select:
    """Return a query of people grouped by agency, team and active, in the order of the index on those columns.

    SQLite sorts every row of a GROUP BY that no index orders: tens of thousands of rows, most of the time the
    summary took. In index order it counts as it reads, so each class's records come back as one list of codes.
    """
    keys = (User.agency_id, User.team_id, User.active)
    return select(*keys, *columns).where(people).group_by(*keys)


def _codes(code, named: set[int]):
    """Return a class's codes as one comma-separated text; the codes of people named by an assignment carry their id."""
    text: ColumnElement[str] = cast(code, String)
    if named:
        text = case((User.id.in_(named), text + "@" + cast(User.id, String)), else_=text)
    return func.aggregate_strings(text, ",")


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
