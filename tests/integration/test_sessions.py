"""Sessions end after the idle timeout and the absolute lifetime, to the second, and never come back."""

from datetime import datetime, timedelta

import time_machine
from flask import url_for

from quizapp.models.types import utcnow
from tests.conftest import AuthActions

SECOND = timedelta(seconds=1)


def signed_in_at(client, user, when: datetime) -> None:
    with time_machine.travel(when, tick=False):
        assert AuthActions(client).sign_in(user).status_code == 302


def my_learning_at(client, when: datetime):
    with time_machine.travel(when, tick=False):
        return client.get(url_for("learn.my_learning"))


def test_a_session_idle_one_second_less_than_the_timeout_goes_on(app, client, create_user):
    start = utcnow()
    signed_in_at(client, create_user(), start)

    assert my_learning_at(client, start + app.config["SESSION_IDLE_TIMEOUT"] - SECOND).status_code == 200


def test_a_session_idle_one_second_more_than_the_timeout_ends(app, client, create_user):
    start = utcnow()
    signed_in_at(client, create_user(), start)

    response = my_learning_at(client, start + app.config["SESSION_IDLE_TIMEOUT"] + SECOND)

    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    assert my_learning_at(client, start + app.config["SESSION_IDLE_TIMEOUT"] + 2 * SECOND).status_code == 302


def busy_until(client, start: datetime, end: datetime) -> None:
    """Use the service every 30 minutes from start until end, so the idle timeout never comes."""
    when = start
    while when + timedelta(minutes=30) < end:
        when += timedelta(minutes=30)
        assert my_learning_at(client, when).status_code == 200


def test_an_active_session_one_second_short_of_its_lifetime_goes_on(app, client, create_user):
    assert app.config["SESSION_LIFETIME"] == timedelta(hours=12)
    start = utcnow()
    signed_in_at(client, create_user(), start)
    busy_until(client, start, start + app.config["SESSION_LIFETIME"] - SECOND)

    assert my_learning_at(client, start + app.config["SESSION_LIFETIME"] - SECOND).status_code == 200


def test_an_active_session_one_second_past_its_lifetime_ends(app, client, create_user):
    start = utcnow()
    signed_in_at(client, create_user(), start)
    busy_until(client, start, start + app.config["SESSION_LIFETIME"] - SECOND)

    response = my_learning_at(client, start + app.config["SESSION_LIFETIME"] + SECOND)

    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]
    with time_machine.travel(start + app.config["SESSION_LIFETIME"] + SECOND, tick=False):
        page = client.get(response.headers["Location"])
    assert "signed in for a long time" in page.get_data(as_text=True)


def test_a_session_cookie_replayed_after_signing_out_is_refused(app, client, auth, create_user):
    auth.sign_in(create_user())
    stolen = client.get_cookie("session").value
    auth.sign_out()
    replay = app.test_client()
    replay.set_cookie("session", stolen, domain="localhost")

    response = replay.get(url_for("learn.my_learning"))

    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_signing_in_starts_a_new_session(client, auth, create_user):
    client.get(url_for("auth.sign_in"))
    before = client.get_cookie("session").value
    auth.sign_in(create_user())

    assert client.get_cookie("session").value != before


def test_the_session_cookie_is_written_uncompressed_and_one_written_compressed_still_reads(app, client, create_user):
    from flask.sessions import SecureCookieSessionInterface

    assert AuthActions(client).sign_in(create_user()).status_code == 302
    cookie = client.get_cookie("session").value
    assert not cookie.startswith(".")  # itsdangerous marks a zlib-compressed payload with a leading dot
    contents = app.session_interface.get_signing_serializer(app).loads(cookie)
    padded = {**contents, "padding": "x" * 200}  # long enough that Flask's own serializer compresses it

    compressed = SecureCookieSessionInterface().get_signing_serializer(app).dumps(padded)
    client.set_cookie("session", compressed, domain="localhost")

    assert compressed.startswith(".")
    assert client.get(url_for("learn.my_learning")).status_code == 200
