"""The demo learner has one submitted module, so a new user can try reviewing at once."""

from flask import url_for
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, Completion, User
from quizapp.people.demo import create_demo_partnership
from quizapp.people.demo_submission import DEMO_MODULE
from tests.conftest import PASSWORD, parse


def test_the_demo_learners_submission_is_made_once_and_waits_in_the_demo_trainers_queue(client, auth, loaded_modules):
    for _ in range(2):
        create_demo_partnership(PASSWORD)
        db.session.commit()

    learner = db.session.scalar(select(User).where(User.email == "learner@example.org"))
    [attempt] = db.session.scalars(select(Attempt).where(Attempt.user_id == learner.id)).all()
    assert (attempt.module.slug, attempt.state) == (DEMO_MODULE, "submitted")
    assert len(db.session.scalars(select(Completion)).all()) == 1
    assert all("@" not in answer.text for answer in attempt.answers)
    auth.sign_in("trainer@example.org")
    queue = parse(client.get(url_for("review.home")))
    assert "Sam Learner" in queue.select_one("tbody").text


def test_the_demo_makes_no_submission_before_content_is_loaded(app):
    create_demo_partnership(PASSWORD)
    db.session.commit()

    assert db.session.scalar(select(Attempt)) is None
