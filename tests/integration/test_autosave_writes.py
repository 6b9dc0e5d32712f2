"""An autosave reads without SQLite's write lock and writes in a short transaction that refuses a submitted module."""

from datetime import datetime, timedelta

import time_machine
from flask import url_for
from sqlalchemy import select, update

from quizapp.extensions import db
from quizapp.models import Answer, Attempt, AttemptState, QuestionKind
from quizapp.models.types import utcnow
from quizapp.records.attempts import own_attempt_brief, save_written_answer
from quizapp.security import LAST_SEEN
from tests.conftest import csrf_token
from tests.integration.learner import question_of
from tests.integration.test_nothing_is_lost import autosave, saved_text


def test_an_autosave_takes_the_write_lock_only_for_its_two_writing_statements(learner, module, count_queries):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)
    autosave(learner, attempt, f"answer-{reflection.key}", "first draft")  # the answer row exists from here on

    with count_queries() as statements:
        response = autosave(learner, attempt, f"answer-{reflection.key}", "second draft")

    assert response.status_code == 200
    # The page fetched for its token runs first; the autosave's own statements start where it loads the person.
    signed_in = max(i for i, s in enumerate(statements) if s.startswith("SELECT users"))
    sqlite = db.engine.dialect.name == "sqlite"
    own = statements[signed_in - 1 :] if sqlite else statements[signed_in:]
    verbs = [s.split()[0] for s in own]
    if sqlite:
        # The person, then the attempt beside the posted question, both without the lock; then the attempt's
        # activity, written only if still as read, and the answer.
        assert verbs == ["BEGIN", "SELECT", "SELECT", "BEGIN", "UPDATE", "UPDATE"]
        assert own[0] == "BEGIN" and own[3] == "BEGIN IMMEDIATE"
    else:
        # A draft: its commit does not wait for the disk (see database.write_together).
        assert verbs == ["SELECT", "SELECT", "SET", "UPDATE", "UPDATE"]
        assert own[2] == "SET LOCAL synchronous_commit TO OFF"
    assert own[-2].startswith("UPDATE attempts") and own[-1].startswith("UPDATE answers")
    assert saved_text(attempt, reflection) == "second draft"


def test_an_autosave_to_a_submitted_module_is_refused_and_changes_nothing(learner, module):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)
    autosave(learner, attempt, f"answer-{reflection.key}", "what I sent")
    learner.complete_all_pages(attempt)
    learner.submit(attempt)
    db.session.refresh(attempt)
    kept = saved_text(attempt, reflection), attempt.last_activity_at, attempt.active_seconds

    token = csrf_token(learner.client.get(url_for("learn.my_learning")))
    response = autosave(learner, attempt, f"answer-{reflection.key}", "typed in an old tab", token=token)

    assert response.status_code == 409
    assert response.json == {"saved": False, "error": "This module has been submitted, so its answers cannot change"}
    db.session.refresh(attempt)
    assert (saved_text(attempt, reflection), attempt.last_activity_at, attempt.active_seconds) == kept


def test_a_module_submitted_between_the_read_and_the_write_keeps_its_answers(learner, module):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)
    db.session.execute(update(Attempt).where(Attempt.id == attempt.id).values(state=AttemptState.SUBMITTED))
    db.session.commit()

    assert save_written_answer(db.session.connection(), attempt, reflection.id, "too late", utcnow()) is False
    db.session.commit()

    assert db.session.scalars(select(Answer).where(Answer.attempt_id == attempt.id)).all() == []


def test_a_save_whose_attempt_changed_since_it_was_read_counts_from_the_change(learner, module):
    start = utcnow()
    with time_machine.travel(start, tick=False):
        attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)
    as_read = own_attempt_brief(learner.user, attempt.id, reflection.key)
    db.session.commit()
    # Another tab's page, saved 40 seconds on, between this save's read and its write, when the attempt had
    # 100 seconds counted (time spent on its other pages).
    later = start + timedelta(seconds=40)
    db.session.execute(
        update(Attempt).where(Attempt.id == attempt.id).values(last_activity_at=later, active_seconds=100)
    )
    db.session.commit()

    assert save_written_answer(db.session.connection(), as_read, reflection.id, "Typed", start + timedelta(seconds=60))
    db.session.commit()

    db.session.refresh(attempt)
    assert (attempt.last_activity_at, attempt.active_seconds) == (start + timedelta(seconds=60), 120)  # not 0 + 60
    assert saved_text(attempt, reflection) == "Typed"


def test_the_first_autosave_adds_the_answer_and_counts_the_time_since_the_last_action(learner, module):
    start = utcnow()
    with time_machine.travel(start, tick=False):
        attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)

    with time_machine.travel(start + timedelta(seconds=90), tick=False):
        learner.client.get(url_for("learn.my_learning"))
        response = autosave(learner, attempt, f"answer-{reflection.key}", "A first line")

    assert response.status_code == 200
    answer = db.session.scalar(select(Answer).where(Answer.attempt_id == attempt.id))
    assert (answer.question_id, answer.text, answer.choices, answer.tries) == (reflection.id, "A first line", [], 0)
    db.session.refresh(attempt)
    assert attempt.active_seconds == 90 and attempt.last_activity_at == start + timedelta(seconds=90)


def test_an_autosave_tells_the_page_how_long_the_session_may_stay_idle(app, learner, module):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)
    token = csrf_token(learner.client.get(learner.page_url(attempt, "case")))
    cookie = learner.client.get_cookie("session").value
    recorded = datetime.fromisoformat(app.session_interface.get_signing_serializer(app).loads(cookie)[LAST_SEEN])
    timeout = app.config["SESSION_IDLE_TIMEOUT"]

    with time_machine.travel(recorded + timedelta(seconds=25), tick=False):
        soon = autosave(learner, attempt, f"answer-{reflection.key}", "first", token=token)
    with time_machine.travel(recorded + timedelta(seconds=90), tick=False):
        later = autosave(learner, attempt, f"answer-{reflection.key}", "second", token=token)

    assert soon.json["saved"] is True
    assert soon.json["idle_seconds_left"] == int(timeout.total_seconds()) - 25
    assert later.json["idle_seconds_left"] == int(timeout.total_seconds())
