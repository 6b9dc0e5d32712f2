"""A demo partnership in the shape of City & Hackney, with one account per role."""

from datetime import date, timedelta
from typing import Any

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import AgencyKind, Assignment, Module, Role, Scope
from quizapp.people.demo_submission import DEMO_MODULE, ensure_demo_submission
from quizapp.people.operations import ensure_agency, ensure_team, upsert_user

AGENCIES = {
    "Hackney Children and Families Service": (
        AgencyKind.SOCIAL_CARE,
        ["Assessment and Intervention", "Children in Need"],
    ),
    "City of London Children's Social Care": (AgencyKind.SOCIAL_CARE, ["Children and Families Team"]),
    "Homerton Healthcare": (AgencyKind.HEALTH, ["Health Visiting", "School Nursing"]),
    "City and Hackney GP Confederation": (AgencyKind.HEALTH, ["General Practice"]),
    "Metropolitan Police Central East": (AgencyKind.POLICE, ["Child Abuse Investigation"]),
    "Hackney Education": (AgencyKind.EDUCATION, ["Designated Safeguarding Leads"]),
    "Hackney Early Help": (AgencyKind.EARLY_HELP, ["Family Support"]),
    "City & Hackney Safeguarding Children Partnership": (AgencyKind.PARTNERSHIP, ["Learning and Development"]),
}

DEMO_ACCOUNTS: list[dict[str, Any]] = [
    {
        "email": "learner@example.org",
        "name": "Sam Learner",
        "roles": [Role.LEARNER],
        "profession": "Social worker",
        "agency": "Hackney Children and Families Service",
        "team": "Children in Need",
    },
    {
        "email": "trainer@example.org",
        "name": "Tara Trainer",
        "roles": [Role.TRAINER, Role.LEARNER],
        "profession": "Learning and development lead",
        "agency": "City & Hackney Safeguarding Children Partnership",
        "team": "Learning and Development",
    },
    {
        "email": "manager@example.org",
        "name": "Morgan Manager",
        "roles": [Role.MANAGER, Role.LEARNER],
        "profession": "Team manager",
        "agency": "Hackney Children and Families Service",
        "team": "Children in Need",
        "scope": Scope.AGENCY,
    },
    {
        "email": "partnership@example.org",
        "name": "Pat Partnership",
        "roles": [Role.MANAGER],
        "profession": "Partnership business manager",
        "agency": "City & Hackney Safeguarding Children Partnership",
        "team": "Learning and Development",
        "scope": Scope.PARTNERSHIP,
    },
    {
        "email": "admin@example.org",
        "name": "Alex Admin",
        "roles": [Role.ADMIN],
        "profession": "Business manager",
        "agency": "City & Hackney Safeguarding Children Partnership",
        "team": "Learning and Development",
    },
]


def create_demo_partnership(password: str) -> None:
    """Create or refresh the demo agencies, teams and accounts."""
    teams = {}
    for agency_name, (kind, team_names) in AGENCIES.items():
        agency = ensure_agency(agency_name, kind.value)
        for team_name in team_names:
            teams[agency_name, team_name] = ensure_team(agency, team_name)
    users = {}
    for account in DEMO_ACCOUNTS:
        team = teams[account["agency"], account["team"]]
        users[account["email"]], _ = upsert_user(
            account["email"],
            account["name"],
            account["roles"],
            agency=team.agency,
            team=team,
            profession=account["profession"],
            password=password,
            manager_scope=account.get("scope"),
        )
    learner = users["learner@example.org"]
    ensure_assignment(
        "case-1-early-help-self-referral", date.today() + timedelta(days=30), 12, agency_id=learner.agency_id
    )
    ensure_assignment("harry-local-authority-boundaries", date.today() - timedelta(days=7), None, user_id=learner.id)
    ensure_demo_submission(learner, db.session.scalar(select(Module).where(Module.slug == DEMO_MODULE)))


def ensure_assignment(slug: str, due_on: date, refresh_months: int | None, **target) -> None:
    """Assign a loaded module to a target once; skip it if the content is not loaded yet."""
    module = db.session.scalar(select(Module).where(Module.slug == slug))
    if module is None:
        return
    [(column, value)] = target.items()
    exists = db.session.scalar(
        select(Assignment.id).where(Assignment.module_id == module.id, getattr(Assignment, column) == value)
    )
    if not exists:
        db.session.add(Assignment(module_id=module.id, due_on=due_on, refresh_months=refresh_months, **target))
