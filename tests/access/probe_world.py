"""Real objects belonging to someone, the people who probe them, and how to reach each id route with them."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import select, text

from quizapp.extensions import db
from quizapp.models import (
    Completion,
    PeopleImport,
    QuestionKind,
    Role,
    Scope,
    TrainerComment,
)
from quizapp.models.types import utcnow
from quizapp.people.operations import ensure_agency
from quizapp.records.attempts import save_text, start_attempt
from tests.integration.records_factory import assign
from tests.integration.submissions import question_of, submitted_attempt

# Written into the owner's answers; no prober but a trainer may ever see it.
CANARY = "Canary reflection 7f3a: the owner's own words about the family"
HOME_AGENCY = "Hackney Children and Families Service"
OTHER_AGENCY = "Islington Early Help"

# The five people who probe every id route, as the issue names them.
PROBERS = ("other_learner", "foreign_learner", "trainer", "manager_out", "manager_in")


@dataclass
class World:
    """Everything the probes need: people by name and the owner's objects."""

    people: dict
    objects: dict = field(default_factory=dict)

    def __getattr__(self, name):
        objects = self.__dict__["objects"]
        if name in objects:
            return objects[name]
        return self.__dict__["people"][name]


def build_world(create_user, loaded_modules) -> World:
    """A learner's draft and submitted work, a trainer's comment, an assignment, an import: each probed below."""
    people = {
        "owner": create_user(email="owner@example.org", name="Owner Learner"),
        "other_learner": create_user(email="other@example.org"),
        "foreign_learner": create_user(email="foreign@example.org", agency=OTHER_AGENCY, team="Front door"),
        "trainer": create_user(roles=(Role.TRAINER,), email="trainer@example.org"),
        "comment_trainer": create_user(roles=(Role.TRAINER,), email="commenter@example.org"),
        "manager_out": create_user(
            roles=(Role.MANAGER,),
            email="manager-out@example.org",
            agency=OTHER_AGENCY,
            team="Front door",
            manager_scope=Scope.AGENCY.value,
            scope_agency=ensure_agency(OTHER_AGENCY, "children's social care"),
        ),
        "manager_in": create_user(
            roles=(Role.MANAGER,),
            email="manager-in@example.org",
            manager_scope=Scope.AGENCY.value,
            scope_agency=ensure_agency(HOME_AGENCY, "children's social care"),
        ),
        "admin": create_user(roles=(Role.ADMIN,), email="admin@example.org"),
    }
    owner = people["owner"]
    modules = sorted(loaded_modules.values(), key=lambda m: m.slug)
    submitted = submitted_attempt(owner, modules[0], text=CANARY, when=utcnow() - timedelta(days=1))
    draft = start_attempt(owner, modules[1], utcnow())
    save_text(draft, question_of(draft), CANARY)
    comment = TrainerComment(trainer_id=people["comment_trainer"].id, text="Kept comment of another trainer")
    staged = PeopleImport(created_by_id=people["admin"].id, filename="staff.csv", rows=[])
    db.session.add_all([comment, staged])
    db.session.commit()
    reflection = question_of(submitted, QuestionKind.REFLECTION)
    objects = {
        "submitted": submitted,
        "draft": draft,
        "completion": db.session.scalar(select(Completion).where(Completion.attempt_id == submitted.id)),
        "answer": next(a for a in submitted.answers if a.question_id == reflection.id),
        "question": reflection,
        "comment": comment,
        "assignment": assign(utcnow().date() + timedelta(days=30), module=modules[2], user=owner),
        "staged_import": staged,
        "agency": owner.agency,
        "team": owner.team,
        "version": submitted.version,
    }
    return World(people, objects)


@dataclass(frozen=True)
class Probe:
    """How to reach one id route: its URL arguments, who may use it, what a real post would send."""

    args: Callable[[World], dict]
    # The one person whose request must work, proving the object is real (else every probe would pass).
    owner: str
    # Probers who may use the route on this object by design; they are not probes.
    allowed: frozenset = frozenset()
    form: Callable[[World], dict] = lambda world: {}


TRAINER = frozenset({"trainer"})
MANAGER_IN = frozenset({"manager_in"})


def _attempt(name: str) -> Callable[[World], dict]:
    return lambda w: {"attempt_id": w.objects[name].id}


def _person(extra: dict | None = None) -> Callable[[World], dict]:
    return lambda w: {"user_id": w.owner.id, **(extra or {})}


def _team(extra: dict) -> Callable[[World], dict]:
    return lambda w: {"item_id": w.team.id, "kind": "teams", **extra}


def _autosave_form(world: World) -> dict:
    return {"question": f"answer-{question_of(world.draft).key}", "value": "Overwritten by a probe"}


def _page_form(world: World) -> dict:
    return {f"answer-{question_of(world.draft).key}": "Overwritten by a probe", "submit": "y"}


def _first_page(world: World) -> dict:
    return {"attempt_id": world.draft.id, "page_key": question_of(world.draft).page}


# Every route that takes an object id, keyed by endpoint. A new id route fails the coverage test until it is added.
PROBES: dict[str, Probe] = {
    "learn.page": Probe(_first_page, "owner", form=_page_form),
    "learn.autosave": Probe(_attempt("draft"), "owner", form=_autosave_form),
    "learn.check_answers": Probe(_attempt("draft"), "owner"),
    "learn.submit": Probe(_attempt("draft"), "owner"),
    "learn.confirmation": Probe(_attempt("submitted"), "owner"),
    "learn.my_answers": Probe(_attempt("submitted"), "owner"),
    "learn.certificate": Probe(lambda w: {"completion_id": w.completion.id}, "owner"),
    "review.submission": Probe(_attempt("submitted"), "trainer", TRAINER),
    "review.mark_reviewed": Probe(_attempt("submitted"), "trainer", TRAINER),
    "review.return_attempt": Probe(
        _attempt("submitted"),
        "trainer",
        TRAINER,
        form=lambda w: {"reason": "Returned by a probe", "answers": str(w.answer.id)},
    ),
    "review.feedback": Probe(
        lambda w: {"attempt_id": w.submitted.id, "answer_id": w.answer.id},
        "trainer",
        TRAINER,
        form=lambda w: {"text": "Feedback from a probe", "revision": "0"},
    ),
    "review.delete_comment": Probe(lambda w: {"comment_id": w.comment.id}, "comment_trainer"),
    "review.question": Probe(lambda w: {"question_id": w.question.id}, "trainer", TRAINER),
    "review.reveal_name": Probe(
        lambda w: {"question_id": w.question.id}, "trainer", TRAINER, form=lambda w: {"answer": str(w.answer.id)}
    ),
    "reports.person": Probe(_person(), "manager_in", MANAGER_IN),
    "reports.certificate": Probe(
        lambda w: {"user_id": w.owner.id, "completion_id": w.completion.id}, "manager_in", MANAGER_IN
    ),
    "reports.change_assignment_page": Probe(
        lambda w: {"assignment_id": w.assignment.id},
        "manager_in",
        MANAGER_IN,
        form=lambda w: {"due_on-day": "1", "due_on-month": "1", "due_on-year": "2031", "submit": "y"},
    ),
    "reports.withdraw_assignment_page": Probe(
        lambda w: {"assignment_id": w.assignment.id}, "manager_in", MANAGER_IN, form=lambda w: {"submit": "y"}
    ),
    "admin.person": Probe(_person(), "admin"),
    "admin.edit_person": Probe(_person(), "admin", form=lambda w: {"name": "Renamed by a probe"}),
    "admin.person_action": Probe(_person({"action": "deactivate"}), "admin"),
    "admin.person_data": Probe(_person(), "admin"),
    "admin.subject_access": Probe(_person({"fmt": "json"}), "admin"),
    "admin.erase_person": Probe(_person(), "admin", form=lambda w: {"confirm": "y"}),
    "admin.import_preview": Probe(lambda w: {"import_id": w.staged_import.id}, "admin"),
    "admin.agency": Probe(lambda w: {"agency_id": w.agency.id}, "admin", form=lambda w: {"name": "Renamed"}),
    "admin.new_team": Probe(lambda w: {"agency_id": w.agency.id}, "admin", form=lambda w: {"name": "Probe team"}),
    "admin.team": Probe(lambda w: {"team_id": w.team.id}, "admin", form=lambda w: {"name": "Renamed"}),
    "admin.retire": Probe(_team({"action": "retire"}), "admin"),
    "admin.merge": Probe(_team({}), "admin"),
    "admin.preview": Probe(lambda w: {"slug": w.version.module.slug, "number": w.version.number}, "admin"),
}


# Written only by `flask content load`, never by a web form; the bulk of the rows, so left out to keep probes quick.
CONTENT_TABLES = {"questions", "question_themes", "module_version_themes", "themes"}


def snapshot() -> dict[str, list]:
    """Every row of every table a request could write, so any insert, update or delete shows up."""
    db.session.rollback()
    return {
        table.name: sorted(map(repr, db.session.execute(text(f'SELECT * FROM "{table.name}"')).all()))
        for table in db.metadata.sorted_tables
        if table.name not in CONTENT_TABLES
    }
