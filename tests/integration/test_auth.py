"""Signing in and out."""

from datetime import timedelta

import pytest
from flask import url_for
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import AuditEvent
from quizapp.models.types import utcnow
from tests.conftest import parse


def test_sign_in_lands_on_my_learning(client, auth, create_user):
    learner = create_user(name="Sam Learner")

    response = auth.sign_in(learner, follow_redirects=True)

    page = parse(response)
    assert page.select_one("h1").text == "My learning"
    assert "Sign out" in page.select_one(".govuk-service-navigation").text


def test_sign_in_compares_email_case_insensitively(client, auth, create_user):
    create_user(email="mixed.case@example.org")

    response = auth.sign_in("  Mixed.Case@Example.ORG ")

    assert response.status_code == 302
    assert response.headers["Location"].endswith(url_for("learn.my_learning", _external=False))


def test_wrong_password_and_unknown_account_get_the_same_message(client, auth, create_user):
    learner = create_user()

    wrong_password = parse(auth.sign_in(learner, password="nope"))
    unknown = parse(auth.sign_in("nobody@example.org"))

    for page in (wrong_password, unknown):
        summary = page.select_one(".govuk-error-summary").text.strip()
        assert summary.endswith("Enter a correct email address and password")
        assert page.select_one("title").text.startswith("Error: ")
    assert wrong_password.select_one("#email-error").text == unknown.select_one("#email-error").text


def test_empty_form_says_what_to_enter(client):
    page = client.get(url_for("auth.sign_in"))
    from tests.conftest import csrf_token

    response = client.post(url_for("auth.sign_in"), data={"csrf_token": csrf_token(page)})

    errors = [a.text for a in parse(response).select(".govuk-error-summary__list a")]
    assert errors == ["Enter your email address", "Enter your password"]


def test_five_failures_lock_the_account_even_for_the_right_password(client, auth, create_user):
    learner = create_user()
    for _ in range(5):
        auth.sign_in(learner, password="wrong")

    response = auth.sign_in(learner)

    assert response.status_code == 200
    assert learner.locked_until > utcnow()
    assert "Sign-in is paused after too many attempts" in response.get_data(as_text=True)


def test_lock_expires(client, auth, create_user):
    learner = create_user()
    learner.locked_until = utcnow() - timedelta(seconds=1)
    db.session.commit()

    assert auth.sign_in(learner).status_code == 302


def test_deactivated_account_cannot_sign_in(client, auth, create_user):
    learner = create_user()
    learner.active = False
    db.session.commit()

    assert auth.sign_in(learner).status_code == 200


def test_sign_out_ends_every_session_of_that_user(app, auth, create_user):
    learner = create_user()
    other_device = app.test_client()
    from tests.conftest import AuthActions

    AuthActions(other_device).sign_in(learner)
    auth.sign_in(learner)
    auth.sign_out()

    response = other_device.get(url_for("learn.my_learning"))
    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


def test_sign_ins_are_audited(client, auth, create_user):
    learner = create_user()
    auth.sign_in(learner, password="wrong")
    auth.sign_in(learner)

    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()
    assert actions == ["sign_in_failed", "sign_in"]


def test_next_is_followed_only_within_the_site(client, auth, create_user):
    learner = create_user()

    inside = auth.sign_in(learner, next_url="/my-learning?theme=thresholds")
    auth.sign_out()
    outside = auth.sign_in(learner, next_url="//evil.example/phish")

    assert inside.headers["Location"].endswith("/my-learning?theme=thresholds")
    assert "evil.example" not in outside.headers["Location"]


def test_pages_need_sign_in(client):
    response = client.get(url_for("learn.my_learning"))

    assert response.status_code == 302
    assert "/sign-in" in response.headers["Location"]


def test_a_person_without_the_learner_role_is_refused(client, auth, create_user):
    admin = create_user(roles=["admin"])
    auth.sign_in(admin)

    response = client.get(url_for("learn.my_learning"))

    assert response.status_code == 403
    assert parse(response).select_one("h1").text == "You do not have permission to see this page"


def test_sign_in_attempts_are_rate_limited(_schema):
    from tests.conftest import csrf_token, make_app

    app = make_app(_schema, RATELIMIT_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        token = csrf_token(client.get("/sign-in"))
        responses = [
            client.post("/sign-in", data={"email": "a@example.org", "password": "x", "csrf_token": token})
            for _ in range(21)
        ]

    assert [r.status_code for r in responses[:20]] == [200] * 20
    assert responses[20].status_code == 429
    assert parse(responses[20]).select_one("h1").text == "You have tried too many times"


@pytest.mark.parametrize(
    "next_url",
    ["//evil.example", "/\\evil.example", "/\t/evil.example", "/%2F%2Fevil.example", "/x\r\nSet-Cookie: a=b", "/\x7f"],
)
def test_a_hostile_next_goes_home_never_a_500(client, auth, create_user, next_url):
    learner = create_user()

    response = auth.sign_in(learner, next_url=next_url)

    assert response.status_code == 302
    assert response.headers["Location"] == url_for("learn.my_learning", _external=False)
    assert "Set-Cookie: a=b" not in str(response.headers)


def test_a_nul_in_next_is_a_clear_400(client, auth, create_user):
    assert auth.sign_in(create_user(), next_url="/\x00").status_code == 400
