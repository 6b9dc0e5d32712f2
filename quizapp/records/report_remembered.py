"""The completion report's summary, remembered per process while nothing it counts has changed.

Counting a partnership's people is most of the report page's time, and a manager's figures change far less often
than they are read. A summary is remembered with the database's count of changes (models/report_changes.py, moved
on by triggers in the transaction of any change to people, roles, last completions or attempts) and looked up by
everything else it depends on, read afresh on each request: the manager's area and filters, the modules counted
and the due plan (assignments and today's date). The number is read before the counting, so a remembered summary
is never older than the number it is filed under.
"""

from collections.abc import Callable, Hashable
from threading import Lock
from typing import TypeVar

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import ReportChanges
from quizapp.records.dues import DuePlan

T = TypeVar("T")
MOST_REMEMBERED = 256
_remembered: dict[tuple, object] = {}
_lock = Lock()


def remembered_summary(key: Hashable, count: Callable[[], T]) -> T:
    """Return what `count` returns, remembered under `key` while the database reports no change in between."""
    number = db.session.scalar(select(ReportChanges.number).where(ReportChanges.id == 1))
    if number is None:  # nothing was ever written: nothing to remember by
        return count()
    full_key = (str(db.engine.url), number, key)
    with _lock:
        if full_key in _remembered:
            return _remembered[full_key]  # type: ignore[return-value]
    value = count()
    with _lock:
        if len(_remembered) >= MOST_REMEMBERED:  # memory stays bounded: the oldest goes first
            del _remembered[next(iter(_remembered))]
        _remembered[full_key] = value
    return value


def forget_summaries() -> None:
    """Forget every remembered summary (tests compare the figures served with ones counted afresh)."""
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
