"""Autosave never claims a save it did not make, and bad bytes or big numbers never give a 500."""

import pytest
from flask import url_for

from quizapp.extensions import db
from quizapp.learn.forms import UNSTORABLE
from quizapp.models import QuestionKind
from tests.conftest import AuthActions, csrf_token, parse
from tests.integration.learner import question_of
from tests.integration.test_nothing_is_lost import TYPED, autosave, saved_text


@pytest.fixture
def draft(learner, module):
    """An attempt whose first reflection already holds saved text, and that reflection."""
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)
    assert autosave(learner, attempt, f"answer-{reflection.key}", TYPED).status_code == 200
    return attempt, reflection


def test_autosave_after_signing_out_in_another_tab_answers_401_and_saves_nothing(app, learner, draft):
    attempt, reflection = draft
    token = csrf_token(learner.client.get(learner.page_url(attempt, reflection.page)))
    other_tab = app.test_client()
    other_tab.set_cookie("session", learner.client.get_cookie("session").value, domain="localhost")
    AuthActions(other_tab).sign_out()

    response = autosave(learner, attempt, f"answer-{reflection.key}", "typed after signing out", token=token)

    assert response.status_code == 401
    assert response.json == {"saved": False, "error": "You have been signed out"}
    assert saved_text(attempt, reflection) == TYPED


def test_autosave_after_the_account_is_deactivated_answers_401_and_saves_nothing(learner, draft):
    attempt, reflection = draft
    token = csrf_token(learner.client.get(learner.page_url(attempt, reflection.page)))
    learner.user.active = False
    db.session.commit()

    response = autosave(learner, attempt, f"answer-{reflection.key}", "typed after deactivation", token=token)

    assert response.status_code == 401 and response.json["saved"] is False
    assert saved_text(attempt, reflection) == TYPED
    assert learner.client.get(url_for("learn.my_learning")).status_code == 302


def test_signing_in_again_elsewhere_hands_autosave_a_fresh_token_that_saves(learner, auth, draft):
    attempt, reflection = draft
    stale = csrf_token(learner.client.get(learner.page_url(attempt, reflection.page)))
    auth.sign_out()
    auth.sign_in(learner.user)

    refused = autosave(learner, attempt, f"answer-{reflection.key}", "kept in the page", token=stale)
    saved = autosave(learner, attempt, f"answer-{reflection.key}", "kept in the page", token=refused.json["csrf_token"])

    assert refused.status_code == 400 and refused.json["saved"] is False
    assert saved.status_code == 200 and saved.json["saved"] is True
    assert saved_text(attempt, reflection) == "kept in the page"


def test_autosave_without_a_value_changes_nothing(learner, draft):
    attempt, reflection = draft
    token = csrf_token(learner.client.get(learner.page_url(attempt, reflection.page)))

    response = learner.client.post(
        url_for("learn.autosave", attempt_id=attempt.id),
        data={"csrf_token": token, "question": f"answer-{reflection.key}"},
        headers={"X-Requested-With": "fetch"},
    )

    assert response.status_code == 400
    assert response.json == {"saved": False, "error": "No answer was sent, so nothing was changed"}
    assert saved_text(attempt, reflection) == TYPED


def test_autosave_of_an_empty_value_still_clears_the_answer(learner, draft):
    attempt, reflection = draft

    assert autosave(learner, attempt, f"answer-{reflection.key}", "").status_code == 200
    assert saved_text(attempt, reflection) == ""


def test_autosave_with_a_nul_character_says_why_and_keeps_the_saved_text(learner, draft):
    attempt, reflection = draft

    response = autosave(learner, attempt, f"answer-{reflection.key}", "before\x00after")

    assert response.status_code == 400
    assert response.json == {"saved": False, "error": UNSTORABLE}
    assert saved_text(attempt, reflection) == TYPED


def test_a_page_post_with_a_nul_character_says_so_by_the_field_and_keeps_the_other_answers(learner, module):
    attempt = learner.start(module)
    page_key = next(
        key
        for key in {q.page for q in attempt.version.questions}
        if len([q for q in attempt.version.questions if q.page == key and q.kind == QuestionKind.REFLECTION]) > 1
    )
    first, second = [q for q in attempt.version.questions if q.page == page_key and q.kind == QuestionKind.REFLECTION][
        :2
    ]

    response = learner.post_page(attempt, page_key, {first.key: "bad\x00byte", second.key: TYPED})

    page = parse(response)
    assert response.status_code == 200
    assert UNSTORABLE in page.select_one(f"#answer-{first.key}-error").text
    assert saved_text(attempt, second) == TYPED
    assert saved_text(attempt, first) is None
    assert page.select_one(f"#answer-{second.key}").text == TYPED


@pytest.mark.parametrize("attempt_id", [2**31, 2**63, 10**30])
def test_ids_beyond_the_database_range_are_not_found(learner, module, attempt_id):
    learner.start(module)

    assert learner.client.get(f"/attempts/{attempt_id}/check-answers").status_code == 404
    assert learner.client.post(
        f"/attempts/{attempt_id}/autosave", headers={"X-Requested-With": "fetch"}
    ).status_code in (404,)


@pytest.mark.parametrize(
    "body",
    [b"value=%ff%fe&question=answer-x", b"question=answer-%c3%28&value=x", b"value=%ed%a0%80"],
)
def test_malformed_utf8_in_a_form_is_a_clear_400(learner, draft, body):
    attempt, reflection = draft

    response = learner.client.post(
        url_for("learn.autosave", attempt_id=attempt.id),
        data=body,
        content_type="application/x-www-form-urlencoded",
        headers={"X-Requested-With": "fetch"},
    )

    assert response.status_code == 400
    assert saved_text(attempt, reflection) == TYPED


@pytest.mark.parametrize("path", ["/my-learning?theme=%ff", "/my-learning?theme=a%00", "/themes/a%00"])
def test_malformed_utf8_or_nul_in_an_address_is_a_clear_400(learner, path):
    response = learner.client.get(path)

    assert response.status_code == 400
    assert parse(response).select_one("h1").text == "There is a problem with your request"


@pytest.mark.parametrize("path", ["/themes/%ff", "/modules/%c3%28", "/certificates/verify/%ff"])
def test_malformed_utf8_in_a_path_is_never_a_500(learner, path):
    # The test client hands the view the escapes as text; a real server's raw bytes get the 400 above.
    assert learner.client.get(path).status_code in (400, 404)


def test_a_nul_in_a_certificate_code_is_refused_without_a_500(client):
    assert client.get("/certificates/verify/a%00b").status_code == 400


def test_a_nul_in_the_sign_in_form_is_a_clear_400(client):
    token = csrf_token(client.get(url_for("auth.sign_in")))

    response = client.post(
        url_for("auth.sign_in"), data={"email": "a\x00@example.org", "password": "x", "csrf_token": token}
    )

    assert response.status_code == 400


def test_autosave_just_after_the_idle_timeout_tells_the_script_it_was_saved(learner, draft):
    from datetime import timedelta

    import time_machine

    from quizapp.models.types import utcnow

    attempt, reflection = draft
    token = csrf_token(learner.client.get(learner.page_url(attempt, reflection.page)))

    with time_machine.travel(utcnow() + timedelta(minutes=61), tick=False):
        response = autosave(learner, attempt, f"answer-{reflection.key}", "typed as the session ran out", token=token)

    assert response.status_code == 401
    assert response.json == {"saved": True, "error": "You have been signed out"}
    assert saved_text(attempt, reflection) == "typed as the session ran out"
