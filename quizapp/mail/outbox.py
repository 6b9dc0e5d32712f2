"""Queueing e-mail in the database and sending what is due, safely from any number of servers."""

import logging
import smtplib
import ssl
from dataclasses import dataclass
from datetime import datetime, timedelta
from email.message import EmailMessage

from flask import current_app
from sqlalchemy import select, update

from quizapp.extensions import db
from quizapp.models import OutboxMessage, User
from quizapp.models.types import utcnow

log = logging.getLogger(__name__)
# While one server sends a message, others leave it alone for this long.
CLAIM_FOR = timedelta(minutes=10)
MAX_BACKOFF = timedelta(hours=6)


@dataclass
class SendReport:
    sent: int = 0
    failed: int = 0


def queue_mail(
    to: str, subject: str, body: str, *, user: User | None = None, dedupe_key: str | None = None
) -> OutboxMessage | None:
    """Add an e-mail to the outbox; the caller's commit keeps it. Return None if dedupe_key was queued before."""
    if dedupe_key and db.session.scalar(select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)):
        return None
    message = OutboxMessage(
        to_address=to, subject=subject, body=body, user_id=user.id if user else None, dedupe_key=dedupe_key
    )
    db.session.add(message)
    db.session.flush()
    return message


def send_pending(now: datetime | None = None, ids: list[int] | None = None, limit: int = 200) -> SendReport:
    """Send the queued e-mail that is due (or just these ids), committing after each; return what happened."""
    now = now or utcnow()
    query = select(OutboxMessage.id).where(OutboxMessage.sent_at.is_(None), OutboxMessage.next_try_at <= now)
    if ids is not None:
        query = query.where(OutboxMessage.id.in_(ids))
    report = SendReport()
    for message_id in db.session.scalars(query.order_by(OutboxMessage.id).limit(limit)).all():
        if not _claim(message_id, now):
            continue
        message = db.session.get_one(OutboxMessage, message_id)
        try:
            deliver(message)
        except (OSError, smtplib.SMTPException) as error:
            _failed(message, now, error)
            report.failed += 1
        else:
            message.sent_at = utcnow()
            report.sent += 1
        db.session.commit()
    return report


def _claim(message_id: int, now: datetime) -> bool:
    # A conditional UPDATE: of two servers running the command at once, only one sends each message.
    claimed = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.sent_at.is_(None), OutboxMessage.next_try_at <= now)
        .values(next_try_at=now + CLAIM_FOR)
    ).rowcount  # type: ignore[attr-defined]
    db.session.commit()
    return bool(claimed)


def _failed(message: OutboxMessage, now: datetime, error: Exception) -> None:
    message.tries += 1
    message.last_error = f"{type(error).__name__}: {error}"[:500]
    message.next_try_at = now + min(timedelta(minutes=2**message.tries), MAX_BACKOFF)
    log.warning("E-mail %s not sent (try %s): %s", message.id, message.tries, type(error).__name__)


def deliver(message: OutboxMessage) -> None:
    """Send one message over SMTP, or write it to the log when no mail server is configured."""
    config = current_app.config
    email = EmailMessage()
    email["From"] = config["MAIL_FROM"]
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email.set_content(message.body)
    if not config.get("MAIL_SERVER"):
        log.info("E-mail not sent (no MAIL_SERVER): to %s, subject %r", message.to_address, message.subject)
        return
    with _connect(config) as smtp:
        if config.get("MAIL_USERNAME"):
            smtp.login(config["MAIL_USERNAME"], config.get("MAIL_PASSWORD") or "")
        smtp.send_message(email)


def _connect(config) -> smtplib.SMTP:
    host, port, timeout = config["MAIL_SERVER"], config["MAIL_PORT"], config["MAIL_TIMEOUT"]
    if config.get("MAIL_USE_SSL"):
        return smtplib.SMTP_SSL(host, port, timeout=timeout, context=ssl.create_default_context())
    smtp = smtplib.SMTP(host, port, timeout=timeout)
    if config.get("MAIL_USE_TLS"):
        smtp.starttls(context=ssl.create_default_context())
    return smtp
