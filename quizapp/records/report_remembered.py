"""The completion report's counts, remembered per process and per area (agency and team) while nothing changes there.

Counting a partnership's people is most of the report page's time, and a manager's figures change far less often
than they are read. Each area's counts are remembered with the database's number of changes in that area
(models/report_changes.py, moved on by triggers in the transaction of any change to its people, their roles, last
completions or attempts) and looked up by everything else they depend on, read afresh on each request: the
manager's area and filters, the modules counted and the due plan (assignments and today's date). A learner starting
a module moves on their team's number only, so the next report counts that team's people again and takes every
other area's counts as they were. The numbers are read before the counting, so remembered counts are never older
than the number they are filed under.
"""

from collections.abc import Callable, Hashable
from threading import Lock
from typing import TypeVar

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import ReportChanges
from quizapp.records.dues import DuePlan

T = TypeVar("T")
Area = tuple[int, int]  # (agency id, team id), 0 for none
MOST_REMEMBERED = 20_000  # areas times kinds of report: a few megabytes at most
_remembered: dict[tuple, object] = {}
_MISSING = object()  # an area remembered with nobody counted holds None
_lock = Lock()


def remembered_by_area(
    key: Hashable, shown: Callable[[Area], bool], count: Callable[[list[Area] | None], dict[Area, T]]
) -> dict[Area, T]:
    """Return the counts per area that `count` returns, counting again only the areas changed since remembered.

    `shown(area)` says whether an area is in the report at all (its manager's area and filters); `count(areas)`
    counts the areas listed, or every area shown for None, and leaves out areas with nobody counted. An area's
    counts do not depend on which manager asks, so `key` leaves the areas chosen out and every manager shares them.
    """
    rows = db.session.execute(select(ReportChanges.agency_id, ReportChanges.team_id, ReportChanges.number))
    numbers: dict[Area, int] = {(agency, team): number for agency, team, number in rows if shown((agency, team))}
    url = str(db.engine.url)
    found: dict[Area, T] = {}
    with _lock:
        for area, number in numbers.items():
            if (remembered := _remembered.get((url, area, number, key), _MISSING)) is not _MISSING:
                found[area] = remembered  # type: ignore[assignment]
    changed = [area for area in numbers if area not in found]
    if found and not changed:
        return {area: counts for area, counts in found.items() if counts is not None}
    # Every area with people has a number (the triggers see to it), so the areas not found are all there is to count;
    # most of them changed is counted as one, with no list of areas to match.
    everything = not found or len(changed) > len(numbers) // 2
    counted = count(None if everything else changed)
    with _lock:
        for area in changed:
            if len(_remembered) >= MOST_REMEMBERED:  # memory stays bounded: the oldest goes first
                del _remembered[next(iter(_remembered))]
            _remembered[(url, area, numbers[area], key)] = counted.get(area)  # None: nobody counted there
    if everything:
        return counted
    found.update(counted)
    return {area: counts for area, counts in found.items() if counts is not None}


def forget_summaries() -> None:
    """Forget every remembered count (tests compare the figures served with ones counted afresh)."""
    with _lock:
        _remembered.clear()


def plan_key(plan: DuePlan) -> Hashable:
    """Return everything in a due plan that decides a status: ranks, due dates, refresh cutoffs, overdue ones."""
    return (
        tuple(plan.entries),
        tuple(plan.refresh_before_day),
        plan.overdue_below,
        tuple((level, tuple(sorted(best.items()))) for level, best in sorted(plan.best.items())),
    )
