"""Creating agencies, teams and users, shared by the admin pages and the CLI."""

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Agency, Team, User
from quizapp.models.people import email_key, find_user_by_email


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


def upsert_user(
    email: str, name: str, roles, *, agency=None, team=None, profession=None, password=None, manager_scope=None
) -> tuple[User, bool]:
    """Create the user or bring an existing one up to date; return it and whether it is new."""
    user = find_user_by_email(email)
    created = user is None
    if created:
        user = User(email=email_key(email), name=name)
        db.session.add(user)
    user.name = name
    user.agency = agency
    user.team = team
    user.profession = profession
    user.manager_scope = manager_scope
    user.set_roles(roles)
    if password is not None and not user.check_password(password):
        user.set_password(password)
    db.session.flush()
    return user, created
