"""A person's training record as their manager sees it: completions, assignments, statuses; never answers."""

from dataclasses import dataclass
from datetime import date

from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

from quizapp.curriculum.catalogue import published_modules
from quizapp.extensions import db
from quizapp.models import Assignment, Completion, User, found
from quizapp.records.assignments import active_assignments
from quizapp.records.overview import ModuleCard, module_cards
from quizapp.records.scope import ManagerScope, person_in_scope


@dataclass
class TrainingRecord:
    person: User
    cards: list[ModuleCard]
    completions: list[Completion]
    assignments: list[Assignment]

    @property
    def cpd_minutes(self) -> int:
        return sum(c.version.minutes for c in self.completions)


def training_record(scope: ManagerScope, user_id: int, today: date) -> TrainingRecord:
    """Return a person's record for a manager in scope, with statuses as the person sees them on My learning."""
    person = person_in_scope(scope, user_id)
    completions = list(
        db.session.scalars(
            select(Completion)
            .where(Completion.user_id == person.id)
            .order_by(Completion.submitted_at.desc())
            .options(selectinload(Completion.version))
        )
    )
    cards = module_cards(person, published_modules(), today)
    return TrainingRecord(person, cards, completions, assignments_reaching(person))


def assignments_reaching(person: User) -> list[Assignment]:
    """Return the active assignments given to this person, their team or their agency, soonest due first."""
    targets = [Assignment.user_id == person.id]
    if person.team_id:
        targets.append(Assignment.team_id == person.team_id)
    if person.agency_id:
        targets.append(Assignment.agency_id == person.agency_id)
    return active_assignments(or_(*targets))


def completion_in_scope(scope: ManagerScope, user_id: int, completion_id: int) -> Completion:
    """Return one completion of a person in the manager's scope; raise NotFound otherwise."""
    person = person_in_scope(scope, user_id)
    return found(
        db.session.scalar(
            select(Completion)
            .where(Completion.id == completion_id, Completion.user_id == person.id)
            .options(selectinload(Completion.version), selectinload(Completion.user))
        )
    )
