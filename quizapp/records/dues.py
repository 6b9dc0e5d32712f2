"""Every active assignment ranked and spread over the modules it covers, ready to join in SQL.

The learner's My learning finds the assignment that decides a person's due date in Python (overview.py); the
completion report must decide the same for tens of thousands of people in one query. Assignments are few, so
they are ranked here with the same order (status.due_order) and handed to SQL as small literal tables: per module,
the best rank for each agency, team and person it reaches. The lowest rank that reaches a person wins, exactly as
on My learning.
"""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import Integer, Select, false, literal, select, union_all

from quizapp.extensions import db
from quizapp.models import Assignment, Module
from quizapp.models.types import UTCDateTime
from quizapp.records.status import add_months, due_order

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

    def due_on(self, rank: int | None) -> date | None:
        return self.entries[rank].due_on if rank is not None else None

    def level_table(self, level: str, name: str):
        """Return a literal table (module_id, target_id, rank, refresh_before) for one level, as a subquery."""
        selects: list[Select] = [
            select(
                literal(module_id, Integer).label("module_id"),
                literal(target_id, Integer).label("target_id"),
                literal(rank, Integer).label("rank"),
                literal(self.refresh_before[rank], UTCDateTime()).label("refresh_before"),
            )
            for (module_id, target_id), rank in sorted(self.best[level].items())
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
