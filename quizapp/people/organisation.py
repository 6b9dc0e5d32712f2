"""Agencies and teams: create, rename, merge and retire, never deleting anything records point at."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import selectinload

from quizapp.extensions import db
from quizapp.models import Agency, Assignment, Team, User, found
from quizapp.people.audit import record_event


@dataclass
class AgencyRow:
    """An agency as the organisation page lists it."""

    agency: Agency
    people: int
    teams: list[tuple[Team, int]]


def organisation() -> list[AgencyRow]:
    """Return every agency with its teams and how many people each has, in three queries."""
    agencies = db.session.scalars(select(Agency).options(selectinload(Agency.teams)).order_by(Agency.name)).all()
    by_agency = dict(db.session.execute(select(User.agency_id, func.count()).group_by(User.agency_id)).all())
    by_team = dict(db.session.execute(select(User.team_id, func.count()).group_by(User.team_id)).all())
    return [
        AgencyRow(agency, by_agency.get(agency.id, 0), [(team, by_team.get(team.id, 0)) for team in agency.teams])
        for agency in agencies
    ]


def agency(agency_id: int) -> Agency:
    return found(db.session.get(Agency, agency_id))


def team(team_id: int) -> Team:
    return found(db.session.get(Team, team_id))


def current_agencies() -> list[Agency]:
    """Return the agencies people can be placed in, with their current teams."""
    query = select(Agency).where(Agency.retired_at.is_(None)).options(selectinload(Agency.teams))
    return list(db.session.scalars(query.order_by(Agency.name)))


def agency_name_taken(name: str, other_than: Agency | None = None) -> bool:
    query = select(Agency.id).where(_same_name(Agency.name, name))
    if other_than is not None:
        query = query.where(Agency.id != other_than.id)
    return db.session.scalar(query.limit(1)) is not None


def team_name_taken(agency: Agency, name: str, other_than: Team | None = None) -> bool:
    query = select(Team.id).where(Team.agency_id == agency.id, _same_name(Team.name, name))
    if other_than is not None:
        query = query.where(Team.id != other_than.id)
    return db.session.scalar(query.limit(1)) is not None


def _same_name(column, name: str):
    # The exact name too: SQLite's lower() changes only ASCII letters, so "É" would slip past the unique constraint.
    return or_(column == name.strip(), func.lower(column) == name.strip().lower())


def create_agency(name: str, kind: str, actor: User) -> Agency:
    new = Agency(name=name.strip(), kind=kind)
    db.session.add(new)
    db.session.flush()
    record_event("agency_created", actor, obj=new, name=new.name, kind=kind)
    return new


def edit_agency(target: Agency, name: str, kind: str, actor: User) -> None:
    """Rename an agency or change its kind; everything pointing at it follows."""
    before = target.name
    target.name, target.kind = name.strip(), kind
    record_event("agency_edited", actor, obj=target, before=before, after=target.name, kind=kind)


def create_team(parent: Agency, name: str, actor: User) -> Team:
    new = Team(agency=parent, name=name.strip())
    db.session.add(new)
    db.session.flush()
    record_event("team_created", actor, obj=new, agency=parent.name, name=new.name)
    return new


def rename_team(target: Team, name: str, actor: User) -> None:
    before = target.name
    target.name = name.strip()
    record_event("team_renamed", actor, obj=target, before=before, after=target.name)


def retire_agency(target: Agency, actor: User, now: datetime) -> None:
    """Retire an agency and its teams: no one new is placed in them, and every record stays."""
    target.retired_at = target.retired_at or now
    for child in target.teams:
        child.retired_at = child.retired_at or now
    record_event("agency_retired", actor, obj=target, name=target.name)


def retire_team(target: Team, actor: User, now: datetime) -> None:
    target.retired_at = target.retired_at or now
    record_event("team_retired", actor, obj=target, name=target.name)


def reinstate_agency(target: Agency, actor: User) -> None:
    target.retired_at = None
    record_event("agency_reinstated", actor, obj=target, name=target.name)


def reinstate_team(target: Team, actor: User) -> None:
    target.retired_at = None
    target.agency.retired_at = None
    record_event("team_reinstated", actor, obj=target, name=target.name)


def merge_teams(source: Team, into: Team, actor: User, now: datetime) -> int:
    """Move a team's people, manager scopes and assignments into another team, then retire it; return people moved."""
    if source.id == into.id:
        raise ValueError("a team cannot be merged into itself")
    moved = _move(User.team_id, source.id, {"team_id": into.id, "agency_id": into.agency_id})
    _move(User.scope_team_id, source.id, {"scope_team_id": into.id, "scope_agency_id": into.agency_id})
    _move(Assignment.team_id, source.id, {"team_id": into.id})
    source.retired_at = source.retired_at or now
    record_event("team_merged", actor, obj=source, name=source.name, into=into.name, into_id=into.id, people=moved)
    return moved


def merge_agencies(source: Agency, into: Agency, actor: User, now: datetime) -> int:
    """Move an agency's teams, people, scopes and assignments into another agency, then retire it."""
    if source.id == into.id:
        raise ValueError("an agency cannot be merged into itself")
    for child in list(source.teams):
        if team_name_taken(into, child.name):
            twin = next(t for t in into.teams if t.name.lower() == child.name.lower())
            merge_teams(child, twin, actor, now)
            child.name = f"{child.name} (from {source.name})"[:200]
        child.agency_id = into.id
    db.session.flush()
    moved = _move(User.agency_id, source.id, {"agency_id": into.id})
    _move(User.scope_agency_id, source.id, {"scope_agency_id": into.id})
    _move(Assignment.agency_id, source.id, {"agency_id": into.id})
    source.retired_at = source.retired_at or now
    record_event("agency_merged", actor, obj=source, name=source.name, into=into.name, into_id=into.id, people=moved)
    db.session.flush()
    return moved


def _move(column, old_id: int, values: dict) -> int:
    table = column.class_
    result = db.session.execute(update(table).where(column == old_id).values(**values))
    return result.rowcount  # type: ignore[attr-defined]
