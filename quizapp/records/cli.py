"""`flask reminders send`: the daily reminder run, safe to repeat and to run from cron on any one server."""

from datetime import date

import click
from flask.cli import AppGroup

from quizapp.extensions import db
from quizapp.mail import send_pending
from quizapp.models.types import utcnow
from quizapp.records.reminders import queue_reminders

reminders_cli = AppGroup("reminders", help="Remind people of training that is due.")


@reminders_cli.command("send")
@click.option("--today", type=click.DateTime(formats=["%Y-%m-%d"]), help="Run as at this date (default: today).")
def send_reminders(today):
    """Queue this week's reminders and managers' summaries, then send them."""
    day: date = today.date() if today else utcnow().date()
    queued = queue_reminders(day)
    db.session.commit()
    report = send_pending(ids=queued.ids, limit=len(queued.ids)) if queued.ids else None
    click.echo(f"Queued: {len(queued.learner_ids)} learner reminders, {len(queued.manager_ids)} manager summaries")
    if report is not None:
        click.echo(f"Sent {report.sent}, failed {report.failed} (failures are retried by flask mail send-pending)")
