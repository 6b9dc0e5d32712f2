"""Creating agencies, teams and users, shared by the admin pages and the CLI."""

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Agency, Role, Scope, Team, User
from quizapp.models.people import email_key, find_user_by_email
from quizapp.people.passwords import check_new_password


def ensure_agency(name: str, kind: str) -> Agency:
    """Return the agency with this name, creating it if needed."""
    agency = db.session.scalar(select(Agency).where(Agency.name == name))
    if agency is None:
        agency = Agency(name=name, kind=kind)
        db.session.add(agency)
        db.session.flush()
    return agency


def ensure_team(agency: Agency, name: str) -> Team:
    """Return the agency's team with this name, creating it if needed."""
    team = db.session.scalar(select(Team).where(Team.agency_id == agency.id, Team.name == name))
    if team is None:
        team = Team(agency=agency, name=name)
        db.session.add(team)
        db.session.flush()
    return team


def set_manager_scope(user: User, scope: str | None, agency: Agency | None = None, team: Team | None = None) -> None:
    """Set what a manager sees: one team, one agency or the whole partnership; None clears it."""
    if scope is None:
        user.manager_scope, user.scope_agency_id, user.scope_team_id = None, None, None
        return
    match Scope(scope):
        case Scope.TEAM:
            if team is None:
                raise ValueError("a team scope needs a team")
            user.scope_team_id, user.scope_agency_id = team.id, team.agency_id
        case Scope.AGENCY:
            if agency is None:
                raise ValueError("an agency scope needs an agency")
            user.scope_agency_id, user.scope_team_id = agency.id, None
        case Scope.PARTNERSHIP:
            user.scope_agency_id, user.scope_team_id = None, None
    user.manager_scope = Scope(scope).value


def upsert_user(
    email: str,
    name: str,
    roles,
    *,
    agency=None,
    team=None,
    profession=None,
    password=None,
    manager_scope=None,
    scope_agency=None,
    scope_team=None,
) -> tuple[User, bool]:
    """Create the user or bring an existing one up to date; return it and whether it is new.

    A manager's scope points at scope_agency or scope_team when given, otherwise at their own agency or team.
    A password that breaks the policy raises PasswordRejected before anything changes.
    """
    if password is not None:
        check_new_password(password, email)
    found_user = find_user_by_email(email)
    created = found_user is None
    user = found_user or User(email=email_key(email), name=name)
    if created:
        db.session.add(user)
    user.name = name
    user.agency = agency
    user.team = team
    user.profession = profession
    user.set_roles(roles)
    if manager_scope and user.has_role(Role.MANAGER):
        set_manager_scope(user, manager_scope, scope_agency or agency, scope_team or team)
    else:
        set_manager_scope(user, None)
    if password is not None and not user.check_password(password):
        user.set_password(password)
    db.session.flush()
    return user, created
