"""The completion report's people list: person by person, by name, each with their statuses module by module.

One streamed query reads each person once, with their last completion days and open attempts gathered into two
short texts by the database, so a page reads only its first people and a download reads each person once without
sorting anything. The status of each module is decided in Python from the due plan.
"""

from __future__ import annotations

from collections.abc import Generator
from datetime import date
from typing import TYPE_CHECKING, Any

from sqlalchemy import String, cast, func, select
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement

from quizapp.extensions import db
from quizapp.models import Attempt, AttemptState, LastCompletion, Module, User
from quizapp.records.dues import DuePlan
from quizapp.records.report_counts import narrowed, people_reported
from quizapp.records.scope import ManagerScope
from quizapp.records.status import Status

if TYPE_CHECKING:
    from quizapp.records.report import ReportFilters

# A person's facts, as read: id, name, e-mail, profession, agency id, team id, active.
Person = tuple[int, str, str, str | None, int | None, int | None, bool]
# One module of a person's: title, status, the rank of the assignment deciding it (or None), last completion day.
Entry = tuple[str, Status, int | None, date | None]


class iso_day(FunctionElement):  # noqa: N801  (named as SQL functions are)
    """A date as YYYY-MM-DD text on every database."""

    type = String()
    inherit_cache = True


@compiles(iso_day)
def _iso_day(element, compiler, **kw) -> str:
    return compiler.process(element.clauses, **kw)  # SQLite keeps dates as this text


@compiles(iso_day, "postgresql")
def _iso_day_postgresql(element, compiler, **kw) -> str:
    return f"to_char({compiler.process(element.clauses, **kw)}, 'YYYY-MM-DD')"


_PERSON = (User.id, User.name, User.email, User.profession, User.agency_id, User.team_id, User.active)


def people_with_statuses(
    scope: ManagerScope,
    filters: ReportFilters,
    modules: list[Module],
    plan: DuePlan,
    order: tuple,
    page_size: int | None = None,
) -> Generator[tuple[Person, list[Entry]], None, None]:
    """Yield each person the filters keep, in the order given, with their modules' entries by title.

    A person none of whose modules the filters keep is skipped. With a page size, people are read that many at a
    time, each person's records looked up as they come, so a page reads only its first people; without, every
    person is read and their records are grouped once by person and joined, cheaper for a whole download than two
    look-ups per person.
    """
    people = people_reported(scope, filters)
    completion = cast(LastCompletion.module_id, String) + " " + iso_day(LastCompletion.completed_on)
    still_open = Attempt.state != AttemptState.SUBMITTED.value
    if page_size:
        completed: Any = (
            select(func.aggregate_strings(completion, ",")).where(LastCompletion.user_id == User.id).scalar_subquery()
        )
        started: Any = (
            select(func.aggregate_strings(cast(Attempt.module_id, String), ","))
            .where(Attempt.user_id == User.id, still_open)
            .scalar_subquery()
        )
        query = select(*_PERSON, completed, started)
    else:
        by_person = select(LastCompletion.user_id, func.aggregate_strings(completion, ",").label("codes"))
        open_by_person = select(
            Attempt.user_id, func.aggregate_strings(cast(Attempt.module_id, String), ",").label("codes")
        ).where(still_open)
        if narrowed(scope, filters):  # the records of the people reported only
            within = select(User.id).where(people).correlate(None)
            by_person = by_person.where(LastCompletion.user_id.in_(within))
            open_by_person = open_by_person.where(Attempt.user_id.in_(within))
        completed = by_person.group_by(LastCompletion.user_id).subquery("completed")
        started = open_by_person.group_by(Attempt.user_id).subquery("started")
        query = (
            select(*_PERSON, completed.c.codes, started.c.codes)
            .outerjoin(completed, completed.c.user_id == User.id)
            .outerjoin(started, started.c.user_id == User.id)
        )
    query = query.where(people).order_by(*order).execution_options(yield_per=page_size or 2000, stream_results=True)
    titles = [(m.id, m.current_version.title) for m in modules]
    ids = [m.id for m in modules]
    first, last_day, wanted = filters.completed_from, filters.completed_to, filters.status
    window = first is not None or last_day is not None
    named = plan.people_assigned_directly()
    # People in one team share their ranks unless an assignment names them: work them out once per team.
    ranks: dict[tuple[int | None, int | None, int | None], list[int | None]] = {}
    days: dict[str, date] = {}  # a few hundred distinct days, each parsed once
    # Core, not the ORM: plain rows, tens of thousands of them.
    result: Any = db.session.connection().execute(query)
    try:
        for user_id, name, email, profession, agency_id, team_id, active, completions, attempts in result:
            last: dict[int, date] = {}
            for token in completions.split(",") if completions else ():
                day = token[-10:]
                last[int(token[:-11])] = days.get(day) or days.setdefault(day, date.fromisoformat(day))
            opened = {int(module_id) for module_id in attempts.split(",")} if attempts else ()
            key = (agency_id, team_id, user_id if user_id in named else None)
            if key not in ranks:
                ranks[key] = [plan.rank(module_id, *key) for module_id in ids]
            entries = []
            for (module_id, title), rank in zip(titles, ranks[key], strict=True):
                last_on = last.get(module_id)
                if last_on is None:
                    if not active or window:
                        continue
                elif (first and last_on < first) or (last_day and last_on > last_day):
                    continue
                status = plan.status(rank, last_on, module_id in opened)
                if wanted is None or status == wanted:
                    entries.append((title, status, rank, last_on))
            if entries:
                yield (user_id, name, email, profession, agency_id, team_id, active), entries
    finally:
        result.close()
