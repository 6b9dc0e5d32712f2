"""`flask mail send-pending`: send queued e-mail; safe to run from cron on any one server, or on several."""

import click
from flask.cli import AppGroup

from quizapp.mail.outbox import send_pending

mail_cli = AppGroup("mail", help="Send queued e-mail.")


@mail_cli.command("send-pending")
@click.option("--limit", default=500, show_default=True, help="Most messages to try in one run.")
def send_pending_command(limit):
    """Send every queued e-mail that is due, retrying earlier failures."""
    report = send_pending(limit=limit)
    click.echo(f"Sent {report.sent}, failed {report.failed}")
    if report.failed:
        raise SystemExit(1)
