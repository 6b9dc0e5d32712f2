"""Every active assignment ranked and spread over the modules it covers, to decide due dates and statuses.

The learner's My learning finds the assignment that decides a person's due date in Python (overview.py); the
completion report must decide the same for tens of thousands of people. Assignments are few, so they are ranked
here once per report with the same order (status.due_order) and kept per module as the best rank for each agency,
team and person they reach. The lowest rank that reaches a person wins, exactly as on My learning.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Assignment, Module
from quizapp.records.status import Status, add_months, due_order

# A refresh cutoff no completion is older than: the assignment asks for no refresh.
NO_REFRESH = datetime(1900, 1, 1, tzinfo=UTC)
LEVELS = ("agency", "team", "user")


@dataclass(frozen=True)
class DueEntry:
    """One active assignment as it sets a due date."""

    assignment_id: int
    due_on: date
    refresh_months: int | None


@dataclass
class DuePlan:
    """Ranked assignments and, per level, the best rank per (module, target)."""

    entries: list[DueEntry]
    refresh_before: list[datetime]
    overdue_below: int
    best: dict[str, dict[tuple[int, int], int]] = field(default_factory=dict)

    def __post_init__(self):
        # Last completions are kept as days (UTC) and every cutoff is a midnight (UTC): compare days.
        self.refresh_before_day = [cutoff.date() for cutoff in self.refresh_before]

    def due_on(self, rank: int | None) -> date | None:
        return self.entries[rank].due_on if rank is not None else None

    def rank(self, module_id: int, agency_id: int | None, team_id: int | None, user_id: int | None) -> int | None:
        """Return the rank of the assignment that sets this person's due date for a module, if any reaches them."""
        ranks = [
            rank
            for rank in (
                self.best["agency"].get((module_id, agency_id or 0)),
                self.best["team"].get((module_id, team_id or 0)),
                self.best["user"].get((module_id, user_id or 0)),
            )
            if rank is not None
        ]
        return min(ranks) if ranks else None

    def status(self, rank: int | None, last_on: date | None, in_progress: bool) -> Status:
        """Return a status for a module from the deciding rank, the last completion day and an open attempt."""
        if last_on is not None:
            due_for_refresh = rank is not None and last_on < self.refresh_before_day[rank]
            return Status.DUE_FOR_REFRESH if due_for_refresh else Status.COMPLETED
        if rank is not None and rank < self.overdue_below:
            return Status.OVERDUE
        return Status.IN_PROGRESS if in_progress else Status.NOT_STARTED

    def people_assigned_directly(self) -> set[int]:
        """Return the people some assignment names one by one."""
        return {target for _, target in self.best["user"]}


def refresh_cutoff(today: date, months: int) -> date:
    """Return the latest completion date that is due for refresh today under a refresh interval in months."""
    day = add_months(today, -months)
    while add_months(day, months) > today:
        day -= timedelta(days=1)
    while add_months(day + timedelta(days=1), months) <= today:
        day += timedelta(days=1)
    return day


def due_plan(modules: list[Module], today: date) -> DuePlan:
    """Rank the active assignments and spread them over these modules (with current versions and themes loaded)."""
    assignments = sorted(
        db.session.scalars(select(Assignment).where(Assignment.withdrawn_at.is_(None))),
        key=lambda a: due_order(a.due_on, a.refresh_months, a.id),
    )
    on_theme: dict[int, list[int]] = {}
    for module in modules:
        for theme in module.current_version.themes:
            on_theme.setdefault(theme.id, []).append(module.id)
    module_ids = {m.id for m in modules}
    plan = DuePlan(
        entries=[DueEntry(a.id, a.due_on, a.refresh_months) for a in assignments],
        refresh_before=[_refresh_before(today, a.refresh_months) for a in assignments],
        overdue_below=sum(1 for a in assignments if a.due_on < today),
        best={level: {} for level in LEVELS},
    )
    for rank, assignment in enumerate(assignments):
        level, target = _target(assignment)
        covered = [assignment.module_id] if assignment.module_id else on_theme.get(assignment.theme_id or 0, [])
        for module_id in covered:
            if module_id in module_ids:
                plan.best[level].setdefault((module_id, target), rank)
    return plan


def _refresh_before(today: date, months: int | None) -> datetime:
    # A completion submitted before the start of the day after the cutoff is due for refresh.
    if not months:
        return NO_REFRESH
    return datetime.combine(refresh_cutoff(today, months) + timedelta(days=1), time(), tzinfo=UTC)


def _target(assignment: Assignment) -> tuple[str, int]:
    if assignment.agency_id is not None:
        return "agency", assignment.agency_id
    if assignment.team_id is not None:
        return "team", assignment.team_id
    return "user", assignment.user_id or 0
