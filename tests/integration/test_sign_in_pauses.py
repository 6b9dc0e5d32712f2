"""After too many attempts sign-in is paused, saying so in words that reveal no account and no password."""

import time
from datetime import timedelta
from types import SimpleNamespace

import pytest

from quizapp.auth.views import paused_message
from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.types import utcnow
from quizapp.people import authentication
from quizapp.people.directory import unlock
from tests.conftest import PASSWORD, AuthActions, make_app, parse

PAUSED = "Sign-in is paused after too many attempts with this email address. Try again in 15 minutes"


def what_is_said(response):
    """Return everything the sign-in page tells the person about their attempt."""
    page = parse(response)
    summary = [a.text.strip() for a in page.select(".govuk-error-summary__list a")]
    by_field = page.select_one("#email-error").text.split(":", 1)[1].strip()
    return response.status_code, page.select_one("title").text, summary, by_field


def fail(auth, email, times):
    return [auth.sign_in(email, password="wrong password") for _ in range(times)][-1]


def test_the_fifth_failure_pauses_an_unknown_address_and_says_for_how_long(auth):
    fourth = fail(auth, "nobody@example.org", 4)
    fifth = fail(auth, "nobody@example.org", 1)

    assert what_is_said(fourth)[2] == ["Enter a correct email address and password"]
    assert what_is_said(fifth)[2] == [PAUSED]
    assert what_is_said(auth.sign_in("NOBODY@example.org "))[2] == [PAUSED]


def test_a_pause_reads_the_same_with_or_without_an_account_and_right_or_wrong_password(auth, create_user):
    learner = create_user(email="sam@example.org")
    fail(auth, "nobody@example.org", 5)
    fail(auth, learner.email, 5)

    answers = {
        "no account": what_is_said(auth.sign_in("nobody@example.org", password="wrong password")),
        "wrong password": what_is_said(auth.sign_in(learner.email, password="wrong password")),
        "right password": what_is_said(auth.sign_in(learner.email, password=PASSWORD)),
    }

    assert len(set(map(repr, answers.values()))) == 1, answers
    assert answers["right password"][2] == [PAUSED]


def test_a_paused_attempt_checks_one_password_hash_whoever_it_is(auth, create_user, monkeypatch):
    learner = create_user(email="sam@example.org")
    fail(auth, "nobody@example.org", 5)
    fail(auth, learner.email, 5)
    checks = []
    real_check = authentication.check_password_hash
    monkeypatch.setattr(authentication, "check_password_hash", lambda *a: checks.append("dummy") or real_check(*a))
    monkeypatch.setattr(User, "check_password", lambda user, password: checks.append("real"))

    auth.sign_in("nobody@example.org")
    unknown = list(checks)
    checks.clear()
    auth.sign_in(learner.email)

    assert unknown == checks == ["dummy"]


def test_the_pause_ends_after_fifteen_minutes(auth, monkeypatch):
    fail(auth, "nobody@example.org", 5)
    later = time.time() + timedelta(minutes=15, seconds=1).total_seconds()
    monkeypatch.setattr("limits.storage.memory.time", SimpleNamespace(time=lambda: later))

    assert what_is_said(auth.sign_in("nobody@example.org"))[2] == ["Enter a correct email address and password"]


def test_signing_in_clears_the_count(auth, create_user):
    learner = create_user()
    fail(auth, learner.email, 4)
    assert auth.sign_in(learner).status_code == 302
    auth.sign_out()

    assert what_is_said(fail(auth, learner.email, 1))[2] == ["Enter a correct email address and password"]


def test_an_administrators_unlock_ends_the_pause(app, auth, create_user):
    learner = create_user()
    admin = create_user(email="admin@example.org")
    fail(auth, learner.email, 5)

    unlock(learner, admin)
    db.session.commit()

    assert auth.sign_in(learner).status_code == 302


@pytest.mark.parametrize(
    ("left", "said"),
    [(timedelta(minutes=15), "15 minutes"), (timedelta(seconds=61), "2 minutes"), (timedelta(seconds=20), "1 minute")],
)
def test_the_time_left_is_rounded_up_to_whole_minutes(left, said):
    now = utcnow()

    assert paused_message(now + left, now).endswith(f"Try again in {said}")


def test_pauses_are_counted_in_the_worker_while_the_shared_store_is_unreachable(_schema):
    app = make_app(_schema, RATELIMIT_STORAGE_URI="redis://127.0.0.1:9/0")
    client = app.test_client()
    with app.app_context():
        answers = [what_is_said(AuthActions(client).sign_in("nobody@example.org", password="x")) for _ in range(5)]

    assert answers[0][2] == ["Enter a correct email address and password"]
    assert answers[-1][2] == [PAUSED]


def test_a_pause_holds_across_servers_sharing_one_redis(_schema, redis_url):
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    answers = []
    for _ in range(2):  # a second server, with its own connection to the store, as a second worker would have
        server = make_app(_schema, RATELIMIT_STORAGE_URI=redis_url)
        with server.app_context():
            client = AuthActions(server.test_client())
            answers += [what_is_said(client.sign_in("shared@example.org", password="x"))[2] for _ in range(3)]

    assert answers == [["Enter a correct email address and password"]] * 4 + [[PAUSED]] * 2
