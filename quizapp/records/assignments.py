"""Assigning training: a module or every module on a theme, to an agency, a team or a person in scope."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import false, or_, select, true
from sqlalchemy.orm import selectinload

from quizapp.extensions import db
from quizapp.models import Assignment, Module, Scope, Team, Theme, User, found
from quizapp.models.people import find_user_by_email
from quizapp.people.audit import record_event
from quizapp.records.scope import ManagerScope, agencies_in, people_in, teams_in


@dataclass(frozen=True)
class Target:
    """Who an assignment is for: ("agency" | "team" | "user", id)."""

    kind: str
    id: int


def assignment_targets(scope: ManagerScope) -> list[tuple[str, str]]:
    """Return the agencies and teams a manager may assign to, as (value, label) choices."""
    choices = []
    if scope.kind in (Scope.PARTNERSHIP, Scope.AGENCY):
        choices += [(f"agency:{a.id}", f"Everyone in {a.name}") for a in agencies_in(scope)]
    choices += [(f"team:{t.id}", f"Team: {t.name} ({t.agency.name})") for t in teams_in(scope)]
    return choices


def person_target(scope: ManagerScope, email: str) -> Target | None:
    """Return the person with this e-mail address as a target if they are in the scope."""
    user = find_user_by_email(email)
    if user is None or not db.session.scalar(select(User.id).where(User.id == user.id, people_in(scope))):
        return None
    return Target("user", user.id)


def parse_choice(value: str) -> Target:
    """Read a "kind:id" choice from a form."""
    kind, _, number = value.partition(":")
    return Target(kind, int(number))


def _scope_condition(scope: ManagerScope):
    match scope.kind:
        case Scope.PARTNERSHIP:
            return true()
        case Scope.AGENCY:
            in_agency = select(Team.id).where(Team.agency_id == scope.agency_id)
            people = select(User.id).where(people_in(scope))
            return or_(
                Assignment.agency_id == scope.agency_id,
                Assignment.team_id.in_(in_agency),
                Assignment.user_id.in_(people),
            )
        case Scope.TEAM:
            people = select(User.id).where(people_in(scope))
            return or_(Assignment.team_id == scope.team_id, Assignment.user_id.in_(people))
    return false()


def assignments_in(scope: ManagerScope) -> list[Assignment]:
    """Return the active assignments a manager may change, soonest due first."""
    return active_assignments(_scope_condition(scope))


def active_assignments(condition) -> list[Assignment]:
    """Return the assignments not withdrawn that meet a condition, soonest due first, with what they name."""
    query = (
        select(Assignment)
        .where(condition, Assignment.withdrawn_at.is_(None))
        .order_by(Assignment.due_on, Assignment.id)
        .options(
            selectinload(Assignment.module).selectinload(Module.current_version),
            selectinload(Assignment.theme),
            selectinload(Assignment.agency),
            selectinload(Assignment.team).selectinload(Team.agency),
            selectinload(Assignment.user),
        )
    )
    return list(db.session.scalars(query))


def assignment_in_scope(scope: ManagerScope, assignment_id: int) -> Assignment:
    """Return one active assignment a manager may change; raise NotFound otherwise."""
    return found(
        db.session.scalar(
            select(Assignment).where(
                Assignment.id == assignment_id, _scope_condition(scope), Assignment.withdrawn_at.is_(None)
            )
        )
    )


def _check_target(scope: ManagerScope, target: Target) -> None:
    allowed = {parse_choice(value) for value, _ in assignment_targets(scope)}
    if target.kind == "user":
        found(db.session.scalar(select(User.id).where(User.id == target.id, people_in(scope))))
    elif target not in allowed:
        raise found(None)


def assign_training(
    actor: User,
    scope: ManagerScope,
    subject: Target,
    target: Target,
    due_on: date,
    refresh_months: int | None,
) -> Assignment:
    """Assign a module or theme to a target in the manager's scope; raise NotFound for anything outside it."""
    _check_target(scope, target)
    if subject.kind == "module":
        found(db.session.scalar(select(Module.id).where(Module.id == subject.id, Module.published.is_(True))))
    elif subject.kind == "theme":
        found(db.session.get(Theme, subject.id))
    else:
        raise found(None)
    assignment = Assignment(
        due_on=due_on, refresh_months=refresh_months, created_by_id=actor.id, **{f"{subject.kind}_id": subject.id}
    )
    setattr(assignment, f"{target.kind}_id", target.id)
    db.session.add(assignment)
    db.session.flush()
    record_event("assignment created", actor, obj=assignment, **_described(assignment))
    return assignment


def change_assignment(actor: User, assignment: Assignment, due_on: date, refresh_months: int | None) -> None:
    """Change when an assignment is due and how often it must be refreshed."""
    before = _described(assignment)
    assignment.due_on, assignment.refresh_months = due_on, refresh_months
    record_event("assignment changed", actor, obj=assignment, before=before, after=_described(assignment))


def withdraw_assignment(actor: User, assignment: Assignment, now: datetime) -> None:
    """Withdraw an assignment: it stays on record but sets no due date any more."""
    assignment.withdrawn_at = now
    record_event("assignment withdrawn", actor, obj=assignment, **_described(assignment))


def _described(assignment: Assignment) -> dict:
    return {
        "module_id": assignment.module_id,
        "theme_id": assignment.theme_id,
        "agency_id": assignment.agency_id,
        "team_id": assignment.team_id,
        "user_id": assignment.user_id,
        "due_on": assignment.due_on.isoformat(),
        "refresh_months": assignment.refresh_months,
    }


def subject_name(assignment: Assignment) -> str:
    """Return what an assignment asks people to do, in words."""
    if assignment.module is not None:
        return assignment.module.current_version.title
    return f"Every module on the theme: {assignment.theme.name if assignment.theme else ''}"


def target_name(assignment: Assignment) -> str:
    """Return who an assignment is for, in words."""
    if assignment.agency is not None:
        return f"Everyone in {assignment.agency.name}"
    if assignment.team is not None:
        return f"Team: {assignment.team.name} ({assignment.team.agency.name})"
    return assignment.user.name if assignment.user else ""
