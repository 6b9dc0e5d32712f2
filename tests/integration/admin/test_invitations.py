"""Invitation and reset links: e-mailed over SMTP, single use, expiring, stored only as a hash."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from flask import url_for
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import AccountLink, AuditEvent, OutboxMessage
from quizapp.people.invitations import token_hash
from tests.conftest import csrf_token, parse
from tests.integration.admin.helpers import link_in

NEW_PASSWORD = "a long memorable phrase"
START = datetime(2026, 11, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def newcomer(create_user):
    """A person an admin added, with no password yet."""
    user = create_user(email="newcomer@example.org", name="Nia Newcomer")
    user.password_hash = None
    db.session.commit()
    return user


def invite(client, admin, person):
    page = client.get(url_for("admin.person", user_id=person.id))
    return client.post(
        url_for("admin.person_action", user_id=person.id, action="invite"), data={"csrf_token": csrf_token(page)}
    )


def set_password(client, path, password=NEW_PASSWORD, confirm=None):
    page = client.get(path)
    if page.status_code != 200:
        return page
    data = {"csrf_token": csrf_token(page), "password": password, "confirm": confirm or password}
    return client.post(path, data=data)


def ask_for_reset(client, email):
    """Ask for a reset link and let the server finish the response, as a WSGI server does, so the e-mail goes."""
    page = client.get(url_for("auth.forgot_password"))
    response = client.post(url_for("auth.forgot_password"), data={"csrf_token": csrf_token(page), "email": email})
    response.close()
    return response


def test_an_invited_person_sets_a_password_from_the_email_and_reaches_my_learning(
    app, client, auth, admin, newcomer, mail_server
):
    invite(client, admin, newcomer)
    auth.sign_out()
    [message] = mail_server.to("newcomer@example.org")
    assert "72 hours" in message.get_payload(decode=True).decode()

    response = set_password(client, link_in(message))

    assert response.headers["Location"].endswith(url_for("auth.password_set", _external=False))
    signed_in = auth.sign_in("newcomer@example.org", NEW_PASSWORD, follow_redirects=True)
    assert parse(signed_in).h1.get_text(strip=True) == "My learning"


def test_only_a_hash_of_the_token_is_stored(client, admin, newcomer, mail_server):
    invite(client, admin, newcomer)
    token = link_in(mail_server.messages[0]).rsplit("/", 1)[1]

    link = db.session.scalar(select(AccountLink))
    assert link.token_hash == token_hash(token) and token not in link.token_hash


def test_a_link_works_once(client, auth, admin, newcomer, mail_server):
    invite(client, admin, newcomer)
    auth.sign_out()
    path = link_in(mail_server.messages[0])
    set_password(client, path)

    again = client.get(path)

    assert again.status_code == 404
    assert "expired or has already been used" in parse(again).h1.get_text()


def test_an_invitation_expires_after_72_hours(client, auth, admin, newcomer, mail_server):
    with time_machine.travel(START, tick=False):
        auth.sign_in(admin)
        invite(client, admin, newcomer)
    path = link_in(mail_server.messages[0])
    auth.sign_out()

    with time_machine.travel(START + timedelta(hours=71, minutes=59), tick=False):
        assert client.get(path).status_code == 200
    with time_machine.travel(START + timedelta(hours=72), tick=False):
        assert set_password(client, path).status_code == 404
    db.session.refresh(newcomer)
    assert newcomer.password_hash is None


def test_a_tampered_token_opens_nothing(client, auth, admin, newcomer, mail_server):
    invite(client, admin, newcomer)
    auth.sign_out()
    path = link_in(mail_server.messages[0])

    for bad in (path[:-1] + ("A" if path[-1] != "A" else "B"), path + "x", "/set-password/" + "a" * 43):
        assert client.get(bad).status_code == 404


def test_a_new_invitation_ends_the_earlier_link(client, auth, admin, newcomer, mail_server):
    invite(client, admin, newcomer)
    invite(client, admin, newcomer)
    auth.sign_out()
    first, second = (link_in(m) for m in mail_server.to("newcomer@example.org"))

    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200


@pytest.mark.parametrize(
    ("password", "confirm", "message"),
    [
        ("short", None, "12 characters or more"),
        ("password1234", None, "too common"),
        ("newcomer@example.org", None, "too common"),
        (NEW_PASSWORD, "something else entirely", "do not match"),
        ("", None, "Enter a password"),
    ],
)
def test_the_password_policy_applies_and_the_link_still_works_after_a_mistake(
    client, auth, admin, newcomer, mail_server, password, confirm, message
):
    invite(client, admin, newcomer)
    auth.sign_out()
    path = link_in(mail_server.messages[0])

    response = set_password(client, path, password, confirm)

    assert response.status_code == 200
    assert message in parse(response).select_one(".govuk-error-summary").get_text()
    assert set_password(client, path).status_code == 302


def test_forgotten_password_sends_a_reset_link_that_lasts_an_hour(client, create_user, mail_server):
    person = create_user(email="sam@example.org")
    with time_machine.travel(START, tick=False):
        ask_for_reset(client, "SAM@example.org")
    [message] = mail_server.to("sam@example.org")
    path = link_in(message)

    with time_machine.travel(START + timedelta(minutes=61), tick=False):
        assert client.get(path).status_code == 404
    with time_machine.travel(START + timedelta(minutes=59), tick=False):
        assert set_password(client, path).status_code == 302
    db.session.refresh(person)
    assert person.check_password(NEW_PASSWORD)


def test_forgotten_password_answers_the_same_whether_or_not_there_is_an_account(client, create_user, mail_server):
    create_user(email="sam@example.org")
    answers = []
    for email in ("sam@example.org", "nobody@example.org"):
        response = ask_for_reset(client, email)
        answers.append((response.status_code, response.headers["Location"]))

    assert answers[0] == answers[1]
    assert [m["To"] for m in mail_server.messages] == ["sam@example.org"]


def test_a_deactivated_person_gets_no_reset_and_their_old_link_stops_working(client, create_user, mail_server):
    person = create_user(email="sam@example.org")
    ask_for_reset(client, person.email)
    path = link_in(mail_server.messages[0])
    person.active = False
    db.session.commit()

    assert client.get(path).status_code == 404
    ask_for_reset(client, person.email)
    assert len(mail_server.messages) == 1


def test_setting_a_password_clears_a_lock_and_is_audited(client, create_user, mail_server):
    person = create_user(email="sam@example.org")
    person.locked_until = datetime.now(UTC) + timedelta(minutes=10)
    db.session.commit()
    ask_for_reset(client, person.email)

    set_password(client, link_in(mail_server.messages[0]))

    db.session.refresh(person)
    assert person.locked_until is None
    assert db.session.scalar(select(func.count()).where(AuditEvent.action == "password_set")) == 1


def test_the_invitation_is_queued_even_when_the_mail_server_refuses(client, admin, newcomer, mail_server):
    mail_server.refuse = True

    response = invite(client, admin, newcomer)

    assert response.status_code == 302
    message = db.session.scalar(select(OutboxMessage))
    assert message.sent_at is None and message.tries == 1, "kept for `flask mail send-pending` to retry"
