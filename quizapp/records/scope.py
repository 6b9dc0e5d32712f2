"""What a manager may see: their team, their agency, or the whole partnership."""

from dataclasses import dataclass

from sqlalchemy import ColumnElement, false, select, true
from sqlalchemy.orm import selectinload

from quizapp.extensions import db
from quizapp.models import Agency, Role, Scope, Team, User, found


@dataclass(frozen=True)
class ManagerScope:
    """One manager's area: a kind, and the agency or team it is bounded by."""

    kind: Scope | None
    agency_id: int | None = None
    team_id: int | None = None

    @property
    def is_partnership(self) -> bool:
        return self.kind == Scope.PARTNERSHIP

    @property
    def is_team(self) -> bool:
        return self.kind == Scope.TEAM


def manager_scope(user: User) -> ManagerScope:
    """Return the area this person manages; an admin counts as the whole partnership, no scope as nothing."""
    if user.has_role(Role.ADMIN):
        return ManagerScope(Scope.PARTNERSHIP)
    if not user.has_role(Role.MANAGER) or not user.manager_scope:
        return ManagerScope(None)
    return ManagerScope(Scope(user.manager_scope), user.scope_agency_id, user.scope_team_id)


def people_in(scope: ManagerScope) -> ColumnElement[bool]:
    """Return the condition on User that keeps the people in this scope."""
    match scope.kind:
        case Scope.PARTNERSHIP:
            return true()
        case Scope.AGENCY:
            return User.agency_id == scope.agency_id
        case Scope.TEAM:
            return User.team_id == scope.team_id
    return false()


def covers_area(scope: ManagerScope, agency_id: int, team_id: int) -> bool:
    """Say whether the people of one area (agency and team ids, 0 for none) are in this scope: people_in, in Python.

    Every scope takes an area whole, so an area's figures, counted once, serve every manager whose scope covers it.
    """
    match scope.kind:
        case Scope.PARTNERSHIP:
            return True
        case Scope.AGENCY:
            return agency_id == (scope.agency_id or 0)
        case Scope.TEAM:
            return team_id == (scope.team_id or 0)
    return False


def agencies_in(scope: ManagerScope) -> list[Agency]:
    """Return the agencies a manager may report on, by name."""
    query = select(Agency).order_by(Agency.name)
    if not scope.is_partnership:
        query = query.where(Agency.id == scope.agency_id if scope.kind else false())
    return list(db.session.scalars(query))


def teams_in(scope: ManagerScope) -> list[Team]:
    """Return the teams a manager may report on, by agency then name."""
    query = select(Team).join(Team.agency).order_by(Agency.name, Team.name).options(selectinload(Team.agency))
    match scope.kind:
        case Scope.PARTNERSHIP:
            pass
        case Scope.AGENCY:
            query = query.where(Team.agency_id == scope.agency_id)
        case Scope.TEAM:
            query = query.where(Team.id == scope.team_id)
        case _:
            query = query.where(false())
    return list(db.session.scalars(query))


def professions_in(scope: ManagerScope) -> list[str]:
    """Return the professions held by people in the scope, alphabetically."""
    query = select(User.profession).where(people_in(scope), User.profession.is_not(None)).distinct()
    return sorted(p for p in db.session.scalars(query) if p)


def person_in_scope(scope: ManagerScope, user_id: int) -> User:
    """Return one person in the scope with their agency and team; raise NotFound otherwise."""
    return found(
        db.session.scalar(
            select(User)
            .where(User.id == user_id, people_in(scope))
            .options(selectinload(User.agency), selectinload(User.team))
        )
    )
