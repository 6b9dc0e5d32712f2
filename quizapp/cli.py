"""Command-line tools: users, demo data and content."""

import secrets

import click
from flask import Flask
from flask.cli import AppGroup
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Agency, Role
from quizapp.people.demo import DEMO_ACCOUNTS, create_demo_partnership
from quizapp.people.operations import upsert_user

users_cli = AppGroup("users", help="Manage user accounts.")


def init_app(app: Flask) -> None:
    """Register the command groups."""
    from quizapp.curriculum.cli import content_cli

    app.cli.add_command(users_cli)
    app.cli.add_command(content_cli)
    app.cli.add_command(demo)


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", "roles", multiple=True, type=click.Choice([r.value for r in Role]), default=["learner"])
@click.option("--agency", "agency_name", help="Name of an existing agency.")
@click.option("--profession")
@click.option("--password", help="Set this password; otherwise one is generated and printed.")
def create_user(email, name, roles, agency_name, profession, password):
    """Create a user, or update the one with this e-mail address."""
    agency = None
    if agency_name:
        agency = db.session.scalar(select(Agency).where(Agency.name == agency_name))
        if agency is None:
            raise click.BadParameter(f"No agency is called {agency_name!r}", param_hint="--agency")
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    user, created = upsert_user(email, name, roles, agency=agency, profession=profession, password=password)
    db.session.commit()
    click.echo(f"{'Created' if created else 'Updated'} {user.email} ({', '.join(sorted(user.roles))})")
    if generated:
        click.echo(f"Password: {password}")


@click.command("demo")
@click.option("--password", help="Password for every demo account; otherwise one is generated and printed.")
def demo(password):
    """Create a demo partnership and one account per role; safe to run again."""
    password = password or secrets.token_urlsafe(12)
    create_demo_partnership(password)
    db.session.commit()
    click.echo("Demo accounts (all share one password):")
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account['email']:<24} {', '.join(account['roles'])}")
    click.echo(f"Password: {password}")
