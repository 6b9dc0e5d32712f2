"""E-mail goes out over real SMTP after the work is committed, and a failed send is retried, never lost."""

from datetime import timedelta

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.mail import queue_mail, send_pending
from quizapp.models import OutboxMessage
from quizapp.models.types import utcnow


def test_queued_mail_arrives_at_the_smtp_server(app, mail_server, create_user):
    person = create_user(email="sam@example.org")
    queue_mail(person.email, "Feedback on your reflections", "Your trainer has left feedback – café", user=person)
    db.session.commit()

    report = send_pending()

    [message] = mail_server.to("sam@example.org")
    assert message["Subject"] == "Feedback on your reflections"
    assert "café" in message.get_payload(decode=True).decode("utf-8")
    assert (report.sent, report.failed) == (1, 0)
    assert db.session.scalar(select(OutboxMessage.sent_at)) is not None


def test_a_refused_message_stays_queued_and_goes_on_a_later_run(app, mail_server):
    queue_mail("sam@example.org", "Reminder", "Training is due")
    db.session.commit()
    mail_server.refuse = True

    first = send_pending()
    message = db.session.scalar(select(OutboxMessage))
    assert (first.sent, first.failed, message.tries, message.sent_at) == (0, 1, 1, None)
    assert "SMTP" in message.last_error

    mail_server.refuse = False
    assert send_pending().sent == 0, "a failed message waits before it is tried again"
    later = send_pending(now=utcnow() + timedelta(minutes=3))

    assert later.sent == 1
    assert len(mail_server.to("sam@example.org")) == 1


def test_an_unreachable_server_keeps_the_message(app):
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=1, MAIL_TIMEOUT=2)
    queue_mail("sam@example.org", "Reminder", "Training is due")
    db.session.commit()

    report = send_pending()

    assert report.failed == 1
    assert db.session.scalar(select(OutboxMessage.sent_at)) is None


def test_a_dedupe_key_queues_a_message_once(app):
    assert queue_mail("sam@example.org", "Reminder", "Due", dedupe_key="reminder:1:2026-W48") is not None
    assert queue_mail("sam@example.org", "Reminder", "Due", dedupe_key="reminder:1:2026-W48") is None
    db.session.commit()

    assert len(db.session.scalars(select(OutboxMessage)).all()) == 1


def test_sent_mail_is_not_sent_again(app, mail_server):
    queue_mail("sam@example.org", "Reminder", "Due")
    db.session.commit()
    send_pending()

    assert send_pending(now=utcnow() + timedelta(days=1)).sent == 0
    assert len(mail_server.messages) == 1


def test_the_cron_command_sends_and_says_how_many(app, runner, mail_server):
    queue_mail("sam@example.org", "Reminder", "Due")
    db.session.commit()

    result = runner.invoke(args=["mail", "send-pending"])

    assert result.exit_code == 0, result.output
    assert "Sent 1, failed 0" in result.output
    assert len(mail_server.messages) == 1
