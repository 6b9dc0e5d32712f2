"""A session's signed form token is made once per process and reused, and is refused as soon as it is no longer the
session's."""

from flask import url_for

from quizapp.security import _signed_tokens
from tests.conftest import csrf_token


def test_every_page_of_a_session_carries_the_same_signed_token_and_it_is_accepted(auth, client, create_user):
    auth.sign_in(create_user())
    first = csrf_token(client.get(url_for("learn.my_learning")))
    second = csrf_token(client.get(url_for("site.accessibility")))

    assert first == second and first in _signed_tokens.values()
    assert client.post(url_for("auth.keep_alive"), data={"csrf_token": second}).status_code == 204


def test_a_token_from_before_signing_in_again_is_refused(auth, client, create_user):
    user = create_user()
    auth.sign_in(user)
    old = csrf_token(client.get(url_for("learn.my_learning")))
    auth.sign_out()
    auth.sign_in(user)

    new = csrf_token(client.get(url_for("learn.my_learning")))

    assert new != old
    assert client.post(url_for("auth.keep_alive"), data={"csrf_token": old}).status_code == 400
    assert client.post(url_for("auth.keep_alive"), data={"csrf_token": new}).status_code == 204


def test_a_token_signed_under_another_secret_key_is_not_reused(app, auth, client, create_user):
    auth.sign_in(create_user())
    before = csrf_token(client.get(url_for("learn.my_learning")))
    app.config["WTF_CSRF_SECRET_KEY"] = "another-secret-key-for-form-tokens-only"

    after = csrf_token(client.get(url_for("learn.my_learning")))

    assert after != before
    assert client.post(url_for("auth.keep_alive"), data={"csrf_token": after}).status_code == 204


def test_with_a_time_limit_tokens_are_signed_afresh(app, auth, client, create_user):
    auth.sign_in(create_user())
    app.config["WTF_CSRF_TIME_LIMIT"] = 3600
    _signed_tokens.clear()

    token = csrf_token(client.get(url_for("learn.my_learning")))
    csrf_token(client.get(url_for("learn.my_learning")))

    assert not _signed_tokens
    assert client.post(url_for("auth.keep_alive"), data={"csrf_token": token}).status_code == 204
