"""E-mail: queued with the work it tells of, sent over SMTP afterwards, retried until it goes."""

from quizapp.mail.outbox import SendReport, queue_mail, send_pending

__all__ = ["SendReport", "queue_mail", "send_pending"]
