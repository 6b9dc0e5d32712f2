"""Each person's last completion of each module, which the completion report counts, stays true to the completions."""

from datetime import UTC, date, datetime, timedelta, timezone

from flask_migrate import upgrade
from sqlalchemy import select

from quizapp.curriculum.loader import load_checked
from quizapp.extensions import db
from quizapp.models import Attempt, AttemptState, Completion, LastCompletion, Module, Role, User
from quizapp.people.data_rights import erase_person
from quizapp.records.last_completions import note_completion
from tests.conftest import ROOT, checked_real_content, make_app
from tests.integration.records_factory import complete
from tests.integration.test_migrations import empty_database  # noqa: F401  (a fixture)


def last_days() -> dict[tuple[int, int], date]:
    return {(r.user_id, r.module_id): r.completed_on for r in db.session.scalars(select(LastCompletion))}


def test_the_latest_day_is_kept_whatever_order_completions_come_in(create_user, module):
    person = create_user()
    complete(person, module, date(2026, 3, 1))
    note_completion(person.id, module.id, datetime(2025, 1, 1, 9, tzinfo=UTC))  # an older one, noted later
    complete(person, module, date(2026, 2, 1))

    assert last_days() == {(person.id, module.id): date(2026, 3, 1)}


def test_a_completion_counts_on_its_day_in_utc(create_user, module):
    person = create_user()
    note_completion(person.id, module.id, datetime(2026, 7, 1, 0, 30, tzinfo=timezone(timedelta(hours=1))))
    db.session.commit()

    assert last_days() == {(person.id, module.id): date(2026, 6, 30)}


def test_submitting_an_attempt_records_the_day(learner, module):
    attempt = learner.start(module)
    learner.complete_all_pages(attempt)
    learner.submit(attempt)

    completion = db.session.scalar(select(Completion).where(Completion.user_id == learner.user.id))
    assert last_days() == {(learner.user.id, module.id): completion.submitted_at.astimezone(UTC).date()}


def test_an_erased_persons_last_completions_move_to_their_stand_in(create_user, module):
    person, admin = create_user(), create_user(roles=(Role.ADMIN,))
    complete(person, module, date(2026, 3, 1))

    stand_in = erase_person(person, admin)
    db.session.commit()

    assert last_days() == {(stand_in.id, module.id): date(2026, 3, 1)}


def test_the_migration_works_out_last_completions_already_recorded(empty_database):  # noqa: F811
    app = make_app(empty_database)
    directory = str(ROOT / "migrations")
    with app.app_context():
        upgrade(directory=directory, revision="0009_review_scale")
        load_checked(checked_real_content(app.config["CONTENT_DIR"]))
        ann, ben = User(email="ann@example.org", name="Ann"), User(email="ben@example.org", name="Ben")
        db.session.add_all([ann, ben])
        db.session.flush()
        first, second = db.session.scalars(select(Module.id).order_by(Module.id).limit(2))
        for user, module_id, when in [
            (ann, first, datetime(2025, 5, 1, 12, tzinfo=UTC)),
            (ann, first, datetime(2026, 6, 30, 23, 45, tzinfo=UTC)),
            (ann, second, datetime(2026, 1, 2, 8, tzinfo=UTC)),
            (ben, second, datetime(2024, 12, 31, 23, 59, tzinfo=UTC)),
        ]:
            _completion(user, module_id, when)
        db.session.commit()

        upgrade(directory=directory)

        assert last_days() == {
            (ann.id, first): date(2026, 6, 30),
            (ann.id, second): date(2026, 1, 2),
            (ben.id, second): date(2024, 12, 31),
        }
        db.session.remove()
        db.engine.dispose()


def _completion(user: User, module_id: int, when: datetime) -> None:
    version_id = db.session.scalar(select(Module.current_version_id).where(Module.id == module_id))
    attempt = Attempt(
        user_id=user.id,
        module_id=module_id,
        version_id=version_id,
        state=AttemptState.SUBMITTED.value,
        started_at=when,
        last_activity_at=when,
        submitted_at=when,
    )
    db.session.add(attempt)
    db.session.flush()
    db.session.add(
        Completion(
            user_id=user.id,
            module_id=module_id,
            version_id=version_id,
            attempt_id=attempt.id,
            started_at=when,
            submitted_at=when,
            active_minutes=20,
        )
    )
    db.session.flush()
