"""Migration 0009 marks the submissions already reviewed, so they leave "Waiting for review" as before."""

from flask_migrate import downgrade, upgrade
from sqlalchemy import select, text

from quizapp.curriculum.loader import load_content
from quizapp.extensions import db
from quizapp.models import Module
from quizapp.models.types import utcnow
from quizapp.people.operations import upsert_user
from quizapp.records import review as reviewing
from tests.conftest import ROOT, make_app
from tests.integration.submissions import submitted_attempt
from tests.integration.test_migrations import empty_database  # noqa: F401 (a fixture)

MIGRATIONS = str(ROOT / "migrations")


def test_the_migration_marks_rounds_already_reviewed_and_no_others(empty_database):  # noqa: F811
    app = make_app(empty_database)
    with app.app_context(), app.test_request_context():
        upgrade(directory=MIGRATIONS)
        load_content(app.config["CONTENT_DIR"])
        module = db.session.scalars(select(Module).order_by(Module.slug)).first()
        trainer, _ = upsert_user("tara@example.org", "Tara Trainer", ["trainer"])
        people = [upsert_user(f"p{n}@example.org", f"Person {n}", ["learner"])[0] for n in range(3)]
        reviewed, returned, waiting = (submitted_attempt(person, module) for person in people)
        reviewing.mark_reviewed(trainer, reviewed, utcnow())
        written = [answer.id for answer, _ in reviewing.written_answers(returned)][:1]
        reviewing.return_attempt(trainer, returned, "Think again.", written, utcnow())
        db.session.commit()
        ids = {reviewed.id: True, returned.id: False, waiting.id: False}
        db.session.remove()

        downgrade(directory=MIGRATIONS, revision="0007_security")
        upgrade(directory=MIGRATIONS)

        flags = {i: bool(flag) for i, flag in db.session.execute(text("SELECT id, reviewed FROM attempts"))}
        assert flags == ids
        db.session.remove()
        db.engine.dispose()
