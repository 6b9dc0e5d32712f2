"""Nothing a learner writes is lost: not to an idle timeout, an expired form or a lost connection."""

from datetime import timedelta

import pytest
import time_machine
from flask import url_for
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Answer, QuestionKind
from quizapp.models.types import utcnow
from tests.conftest import csrf_token, parse
from tests.integration.learner import Learner, question_of

TYPED = "What happened: the father was never asked. So what: I only heard one narrative. Now what: I will ask."


def saved_text(attempt, question):
    answer = db.session.scalar(select(Answer).where(Answer.attempt_id == attempt.id, Answer.question_id == question.id))
    return answer.text if answer else None


def test_text_posted_after_the_idle_timeout_is_saved_and_the_learner_returns_to_it(learner, auth, module):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)
    url = learner.page_url(attempt, reflection.page)
    token = csrf_token(learner.client.get(url))

    with time_machine.travel(utcnow() + timedelta(minutes=61), tick=False):
        response = learner.post_page(attempt, reflection.page, {reflection.key: TYPED}, token=token)
        assert response.status_code == 302
        assert "/sign-in" in response.headers["Location"]
        assert saved_text(attempt, reflection) == TYPED
        assert learner.client.get(url).status_code == 302  # signed out

        sign_in_page = parse(learner.client.get(response.headers["Location"]))
        assert "Your answer was saved" in sign_in_page.select_one(".govuk-notification-banner").text
        back = auth.sign_in(learner.user, next_url=url.replace("http://localhost", ""))
        assert back.headers["Location"].endswith(url.replace("http://localhost", ""))
        page = parse(learner.client.get(back.headers["Location"]))
        assert page.select_one(f"#answer-{reflection.key}").text == TYPED


def test_activity_within_the_timeout_keeps_the_session(learner, module):
    attempt = learner.start(module)
    url = learner.page_url(attempt, "case")

    for minutes in (50, 100, 150):
        with time_machine.travel(utcnow() + timedelta(minutes=minutes), tick=False):
            assert learner.client.get(url).status_code == 200


def test_an_expired_form_keeps_the_text_and_saves_nothing_until_sent_again(learner, module):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)

    response = learner.post_page(attempt, reflection.page, {reflection.key: TYPED}, token="expired-token")

    page = parse(response)
    assert response.status_code == 200
    assert "have not been saved yet because the page had expired" in page.select_one(".govuk-error-summary").text
    assert page.select_one(f"#answer-{reflection.key}").text == TYPED
    assert saved_text(attempt, reflection) is None
    resent = learner.post_page(
        attempt, reflection.page, {reflection.key: TYPED}, token=page.select_one("input[name=csrf_token]")["value"]
    )
    assert resent.status_code in (200, 302)
    assert saved_text(attempt, reflection) == TYPED


def autosave(learner, attempt, question_field, value, token=None):
    token = token or csrf_token(learner.client.get(learner.page_url(attempt, "case")))
    return learner.client.post(
        url_for("learn.autosave", attempt_id=attempt.id),
        data={"csrf_token": token, "question": question_field, "value": value},
        headers={"X-Requested-With": "fetch"},
    )


def test_autosave_stores_text_as_typed(learner, module):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)

    response = autosave(learner, attempt, f"answer-{reflection.key}", "Half a tho")

    assert response.status_code == 200 and response.json["saved"] is True
    assert saved_text(attempt, reflection) == "Half a tho"


@pytest.mark.parametrize(
    "field, value, message",
    [
        ("answer-no-such-question", "x", "That question is not part of this module"),
        ("answer-confidence-before-x", "x", "That question is not part of this module"),
        (None, "a" * 20_001, "Your answer must be 20,000 characters or fewer"),
    ],
)
def test_autosave_refuses_what_does_not_belong_and_stores_nothing(learner, module, field, value, message):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)

    response = autosave(learner, attempt, field or f"answer-{reflection.key}", value)

    assert response.status_code == 400
    assert response.json == {"saved": False, "error": message}
    assert saved_text(attempt, reflection) is None


def test_autosave_refuses_a_question_key_that_is_not_an_answer_field(learner, module):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)

    response = autosave(learner, attempt, reflection.key, "x")

    assert response.status_code == 400
    assert response.json == {"saved": False, "error": "That question is not part of this module"}
    assert saved_text(attempt, reflection) is None


def test_autosave_with_an_expired_token_says_so(learner, module):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)

    response = autosave(learner, attempt, f"answer-{reflection.key}", "text", token="stale")

    assert response.status_code == 400
    assert response.json["error"] == "This page has expired"


def test_autosave_after_the_idle_timeout_still_keeps_the_text(learner, module):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)
    token = csrf_token(learner.client.get(learner.page_url(attempt, "case")))

    with time_machine.travel(utcnow() + timedelta(minutes=61), tick=False):
        response = autosave(learner, attempt, f"answer-{reflection.key}", TYPED, token=token)

    assert response.status_code == 401
    assert saved_text(attempt, reflection) == TYPED


def test_autosave_on_someone_elses_attempt_is_404(client, auth, create_user, module):
    owner = Learner(client, create_user())
    auth.sign_in(owner.user)
    attempt = owner.start(module)
    auth.sign_out()
    intruder = Learner(client, create_user())
    auth.sign_in(intruder.user)
    reflection = question_of(attempt, QuestionKind.REFLECTION)
    token = csrf_token(client.get(url_for("learn.my_learning")))

    response = client.post(
        url_for("learn.autosave", attempt_id=attempt.id),
        data={"csrf_token": token, "question": f"answer-{reflection.key}", "value": "x"},
    )

    assert response.status_code == 404
    assert saved_text(attempt, reflection) is None


def test_active_time_counts_activity_and_ignores_long_breaks(learner, module):
    start = utcnow()
    with time_machine.travel(start, tick=False):
        attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)
    for minutes in (2, 4, 64, 66):  # two minutes of work, an hour's break, two more minutes
        with time_machine.travel(start + timedelta(minutes=minutes), tick=False):
            learner.client.get(url_for("learn.my_learning"))  # keeps the session alive across the break
            autosave(learner, attempt, f"answer-{reflection.key}", f"draft {minutes}")

    db.session.refresh(attempt)
    assert attempt.active_seconds == 6 * 60


def test_the_timeout_warnings_sign_in_link_keeps_the_page_to_return_to(learner, module):
    attempt = learner.start(module)
    page_path = learner.page_url(attempt, "case").replace("http://localhost", "")

    with time_machine.travel(utcnow() + timedelta(minutes=61), tick=False):
        response = learner.client.get(url_for("auth.sign_in", next=page_path))

    assert response.status_code == 302
    assert response.headers["Location"].endswith(url_for("auth.sign_in", next=page_path, _external=False))
