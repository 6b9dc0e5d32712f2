"""A synthetic partnership at scale for `flask demo --learners N`: people, assignments and two years of records.

Rows go in with bulk inserts (no ORM objects per row), so 20,000 learners take seconds, not minutes. The random
generator is seeded, so the same command builds the same partnership.
"""

import random
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, insert, select

from quizapp.extensions import db
from quizapp.models import (
    Agency,
    AgencyKind,
    Assignment,
    Attempt,
    AttemptState,
    Completion,
    Module,
    Team,
    User,
    UserRole,
)
from quizapp.models.types import new_certificate_code, new_token
from quizapp.people.operations import ensure_team
from quizapp.records.last_completions import rebuild_last_completions

FIRST_NAMES = [
    "Amara",
    "Ben",
    "Chloe",
    "Daniel",
    "Ellie",
    "Femi",
    "Grace",
    "Hassan",
    "Isla",
    "Jamal",
    "Kofi",
    "Leah",
    "Maya",
    "Noah",
    "Olivia",
    "Priya",
    "Quinn",
    "Rosa",
    "Sami",
    "Tariq",
    "Uma",
    "Vikram",
    "Wren",
    "Yusuf",
    "Zara",
    "Aisha",
    "Bilal",
    "Carmen",
    "Dev",
    "Erin",
]
LAST_NAMES = [
    "Adeyemi",
    "Brown",
    "Campbell",
    "Okafor",
    "Evans",
    "Fitzgerald",
    "Green",
    "Hussain",
    "Ibrahim",
    "Jones",
    "Kaur",
    "Lewis",
    "Mensah",
    "Nowak",
    "O'Brien",
    "Patel",
    "Quinn",
    "Rahman",
    "Smith",
    "Taylor",
    "Uddin",
    "Vaughan",
    "Williams",
    "Xu",
    "Yilmaz",
    "Zielinski",
    "Ahmed",
    "Begum",
    "Clarke",
    "Dunn",
]
PROFESSIONS = {
    AgencyKind.SOCIAL_CARE.value: ["Social worker", "Senior practitioner", "Family support worker", "Team manager"],
    AgencyKind.HEALTH.value: ["Health visitor", "School nurse", "GP", "Midwife", "Practice nurse"],
    AgencyKind.POLICE.value: ["Police officer", "Detective constable", "Police staff"],
    AgencyKind.EDUCATION.value: ["Designated safeguarding lead", "Teacher", "Head teacher", "Early years practitioner"],
    AgencyKind.EARLY_HELP.value: ["Early help worker", "Family practitioner"],
    AgencyKind.PARTNERSHIP.value: ["Learning and development lead"],
}
EXTRA_TEAMS = ["North locality", "South locality", "East locality", "West locality", "Duty and advice"]
BATCH = 5000


def build_scale_partnership(learners: int, today: date, seed: int = 20261129) -> int:
    """Add this many synthetic learners to the demo agencies with assignments and records; return how many."""
    rng = random.Random(seed)
    teams = _teams()
    modules = list(db.session.scalars(select(Module).where(Module.current_version_id.is_not(None))))
    start = (db.session.scalar(select(func.max(User.id))) or 0) + 1
    user_ids = _insert_people(rng, teams, learners, start)
    _insert_assignments(rng, teams, modules, today)
    _insert_records(rng, user_ids, modules, today)
    rebuild_last_completions()
    return len(user_ids)


def _teams() -> list[Team]:
    for agency in db.session.scalars(select(Agency)).all():
        if agency.kind != AgencyKind.PARTNERSHIP.value:
            for name in EXTRA_TEAMS[: 2 + agency.id % 4]:
                ensure_team(agency, name)
    return list(db.session.scalars(select(Team).join(Team.agency).where(Agency.kind != AgencyKind.PARTNERSHIP.value)))


def _insert_people(rng: random.Random, teams: list[Team], learners: int, start: int) -> list[int]:
    now = datetime.now(UTC)
    people = []
    for number in range(start, start + learners):
        team = rng.choice(teams)
        first, last = rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)
        people.append(
            {
                "email": f"{first}.{last}.{number}@example.org".lower().replace("'", "").replace(" ", ""),
                "name": f"{first} {last}",
                "profession": rng.choice(PROFESSIONS[team.agency.kind]),
                "agency_id": team.agency_id,
                "team_id": team.id,
                "active": rng.random() > 0.03,
                "session_token": new_token(),
                "failed_sign_ins": 0,
                "created_at": now - timedelta(days=rng.randint(30, 900)),
            }
        )
    ids: list[int] = []
    for batch in range(0, len(people), BATCH):
        ids += db.session.scalars(
            insert(User).returning(User.id, sort_by_parameter_order=True), people[batch : batch + BATCH]
        ).all()
    for batch in range(0, len(ids), BATCH):
        db.session.execute(insert(UserRole), [{"user_id": i, "role": "learner"} for i in ids[batch : batch + BATCH]])
    return ids


def _insert_assignments(rng: random.Random, teams: list[Team], modules: list[Module], today: date) -> None:
    agencies = sorted({team.agency_id for team in teams})
    rows = []
    for agency_id in agencies:
        for module in rng.sample(modules, k=min(2, len(modules))):
            due = today + timedelta(days=rng.randint(-120, 90))
            rows.append({"module_id": module.id, "agency_id": agency_id, "due_on": due, "refresh_months": 12})
    for team in rng.sample(teams, k=min(6, len(teams))):
        due = today + timedelta(days=rng.randint(-30, 60))
        rows.append({"module_id": rng.choice(modules).id, "team_id": team.id, "due_on": due, "refresh_months": None})
    db.session.execute(insert(Assignment), rows)


def _insert_records(rng: random.Random, user_ids: list[int], modules: list[Module], today: date) -> None:
    now = datetime.combine(today, datetime.min.time(), tzinfo=UTC) + timedelta(hours=12)
    attempts, open_attempts = [], []
    for user_id in user_ids:
        for module in modules:
            chance = rng.random()
            if chance < 0.45:
                for _ in range(2 if chance < 0.05 else 1):
                    submitted = now - timedelta(days=rng.randint(0, 730), minutes=rng.randint(0, 600))
                    attempts.append(_attempt(rng, user_id, module, submitted))
            elif chance < 0.55:
                open_attempts.append(_attempt(rng, user_id, module, None, now - timedelta(days=rng.randint(0, 60))))
    for batch in range(0, len(attempts), BATCH):
        rows = attempts[batch : batch + BATCH]
        ids = db.session.scalars(insert(Attempt).returning(Attempt.id, sort_by_parameter_order=True), rows).all()
        completions = [_completion(attempt_id, row) for attempt_id, row in zip(ids, rows, strict=True)]
        db.session.execute(insert(Completion), completions)
    for batch in range(0, len(open_attempts), BATCH):
        db.session.execute(insert(Attempt), open_attempts[batch : batch + BATCH])


def _attempt(rng, user_id: int, module: Module, submitted: datetime | None, started: datetime | None = None) -> dict:
    started = started or (submitted - timedelta(days=rng.randint(0, 10)) if submitted else None)
    return {
        "user_id": user_id,
        "module_id": module.id,
        "version_id": module.current_version_id,
        "state": AttemptState.SUBMITTED.value if submitted else AttemptState.IN_PROGRESS.value,
        "started_at": started,
        "last_activity_at": submitted or started,
        "active_seconds": rng.randint(600, 3600),
        "submitted_at": submitted,
    }


def _completion(attempt_id: int, attempt: dict) -> dict:
    return {
        "user_id": attempt["user_id"],
        "module_id": attempt["module_id"],
        "version_id": attempt["version_id"],
        "attempt_id": attempt_id,
        "started_at": attempt["started_at"],
        "submitted_at": attempt["submitted_at"],
        "active_minutes": attempt["active_seconds"] // 60,
        "certificate_code": new_certificate_code(),
    }
