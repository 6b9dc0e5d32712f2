"""Sessions end after the idle timeout and the absolute lifetime, to the second, and never come back."""

from datetime import datetime, timedelta

import time_machine
from flask import url_for

from quizapp.models.types import utcnow
from quizapp.security import LAST_SEEN, LAST_SEEN_STEP
from tests.conftest import AuthActions, csrf_token, parse

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


def recorded_last_seen(app, client) -> datetime:
    contents = app.session_interface.get_signing_serializer(app).loads(client.get_cookie("session").value)
    return datetime.fromisoformat(contents[LAST_SEEN])


def test_the_last_seen_time_is_written_once_it_is_a_minute_old_and_only_then_is_the_cookie_sent(
    app, client, create_user
):
    start = utcnow()
    signed_in_at(client, create_user(), start)
    my_learning_at(client, start + SECOND)  # the first page after signing in adds the form token to the session

    within = my_learning_at(client, start + LAST_SEEN_STEP - SECOND)
    assert within.status_code == 200 and "Set-Cookie" not in within.headers
    assert recorded_last_seen(app, client) == start

    after = my_learning_at(client, start + LAST_SEEN_STEP)
    assert after.status_code == 200 and "session=" in after.headers["Set-Cookie"]
    assert recorded_last_seen(app, client) == start + LAST_SEEN_STEP


def test_the_timeout_runs_from_the_recorded_time_even_after_requests_too_soon_to_record(app, client, create_user):
    start = utcnow()
    signed_in_at(client, create_user(), start)
    assert my_learning_at(client, start + LAST_SEEN_STEP - SECOND).status_code == 200

    response = my_learning_at(client, start + app.config["SESSION_IDLE_TIMEOUT"] + SECOND)

    assert response.status_code == 302 and "/sign-in" in response.headers["Location"]


def test_a_page_tells_the_timeout_warning_how_long_is_really_left(app, client, create_user):
    timeout = int(app.config["SESSION_IDLE_TIMEOUT"].total_seconds())
    start = utcnow()
    signed_in_at(client, create_user(), start)

    unrecorded = parse(my_learning_at(client, start + timedelta(seconds=40))).select_one("#timeout-dialog")
    recorded = parse(my_learning_at(client, start + timedelta(seconds=70))).select_one("#timeout-dialog")

    assert unrecorded["data-timeout-seconds"] == str(timeout)
    assert unrecorded["data-seconds-left"] == str(timeout - 40)
    assert recorded["data-seconds-left"] == str(timeout)


def test_staying_signed_in_from_the_warning_renews_the_session_at_once(app, client, create_user):
    start = utcnow()
    signed_in_at(client, create_user(), start)
    page = my_learning_at(client, start + SECOND)

    with time_machine.travel(start + 2 * SECOND, tick=False):
        stay = client.post(url_for("auth.keep_alive"), data={"csrf_token": csrf_token(page)})

    assert stay.status_code == 204
    assert recorded_last_seen(app, client) == start + 2 * SECOND
    assert my_learning_at(client, start + app.config["SESSION_IDLE_TIMEOUT"] + SECOND).status_code == 200


def test_a_cookie_read_again_gives_each_request_its_own_copy(app, client, create_user):
    assert AuthActions(client).sign_in(create_user()).status_code == 302
    cookie = client.get_cookie("session").value
    interface = app.session_interface

    with app.test_request_context(headers={"Cookie": f"session={cookie}"}) as first:
        one = interface.open_session(app, first.request)
        one["changed"] = "only here"
    with app.test_request_context(headers={"Cookie": f"session={cookie}"}) as second:
        other = interface.open_session(app, second.request)

    assert "changed" not in other
    assert dict(other) == interface.get_signing_serializer(app).loads(cookie)


def test_a_remembered_cookie_is_refused_once_its_signature_is_too_old(app, client, create_user):
    start = utcnow()
    signed_in_at(client, create_user(), start)
    cookie = client.get_cookie("session").value
    interface = app.session_interface
    max_age = app.permanent_session_lifetime

    def read_at(when):
        with time_machine.travel(when, tick=False), app.test_request_context(headers={"Cookie": f"session={cookie}"}):
            from flask import request

            return dict(interface.open_session(app, request))

    assert read_at(start + SECOND)  # read and remembered
    assert read_at(start + max_age - SECOND)
    assert read_at(start + max_age + 2 * SECOND) == {}


def test_a_changed_cookie_is_refused_however_like_a_remembered_one(app, client, create_user):
    assert AuthActions(client).sign_in(create_user()).status_code == 302
    cookie = client.get_cookie("session").value
    assert client.get(url_for("learn.my_learning")).status_code == 200  # remembered now

    payload, signature = cookie.rsplit(".", 1)
    client.set_cookie("session", f"{payload}.{signature[:-2]}AA", domain="localhost")

    assert client.get(url_for("learn.my_learning")).status_code == 302


def test_a_cookie_holding_a_list_is_never_remembered(app, client, create_user):
    assert AuthActions(client).sign_in(create_user()).status_code == 302
    serializer = app.session_interface.get_signing_serializer(app)
    contents = serializer.loads(client.get_cookie("session").value)
    flashed = serializer.dumps({**contents, "_flashes": [("info", "A message")]})

    with app.test_request_context(headers={"Cookie": f"session={flashed}"}) as context:
        session = app.session_interface.open_session(app, context.request)

    assert session["_flashes"] == [("info", "A message")]
    assert not any(value == flashed for _, value in app.session_interface._read)


def test_the_sessions_remembered_stay_within_their_bound(app, client, create_user, monkeypatch):
    from flask import request

    from quizapp import security

    monkeypatch.setattr(security, "MOST_SESSIONS_REMEMBERED", 3)
    interface = app.session_interface
    serializer = interface.get_signing_serializer(app)
    assert AuthActions(client).sign_in(create_user()).status_code == 302
    contents = serializer.loads(client.get_cookie("session").value)

    for n in range(10):
        cookie = serializer.dumps({**contents, "n": n})
        with app.test_request_context(headers={"Cookie": f"session={cookie}"}):
            assert interface.open_session(app, request)["n"] == n
        assert len(interface._read) <= 3
