"""Concurrent wrong passwords cannot outrun the lock: failures are counted in the database."""

import threading
from concurrent.futures import ThreadPoolExecutor

from flask import url_for

from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.types import utcnow
from quizapp.people.authentication import MAX_FAILED_SIGN_INS

GUESSES = 50


def test_fifty_wrong_guesses_at_once_let_exactly_the_limit_through(app, create_user, monkeypatch):
    app.config["WTF_CSRF_ENABLED"] = False
    learner = create_user()
    checked = []
    original = User.check_password

    def counting_check(user, password):
        checked.append(password)
        return original(user, password)

    monkeypatch.setattr(User, "check_password", counting_check)
    start = threading.Barrier(GUESSES)
    sign_in, email = url_for("auth.sign_in"), learner.email
    db.session.rollback()  # on SQLite the test's open transaction would hold the write lock

    def guess(number):
        with app.app_context():
            client = app.test_client()
            start.wait()
            return client.post(sign_in, data={"email": email, "password": f"wrong guess {number}"}).status_code

    with ThreadPoolExecutor(GUESSES) as pool:
        statuses = list(pool.map(guess, range(GUESSES)))

    assert statuses == [200] * GUESSES
    assert len(checked) == MAX_FAILED_SIGN_INS
    db.session.refresh(learner)
    assert learner.locked_until > utcnow()
