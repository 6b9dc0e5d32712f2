"""Command-line tools for people: creating users and the demo partnership."""

import time
from datetime import date

import click
from flask.cli import AppGroup
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Agency, Role, Scope, Team
from quizapp.people.demo import DEMO_ACCOUNTS, create_demo_partnership
from quizapp.people.demo_scale import build_scale_partnership
from quizapp.people.operations import upsert_user
from quizapp.people.passwords import generate_password, password_problem

users_cli = AppGroup("users", help="Manage user accounts.")


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--name", required=True)
@click.option("--role", "roles", multiple=True, type=click.Choice([r.value for r in Role]), default=["learner"])
@click.option("--agency", "agency_name", help="Name of an existing agency.")
@click.option("--team", "team_name", help="Name of an existing team in that agency.")
@click.option("--profession")
@click.option("--scope", type=click.Choice([s.value for s in Scope]), help="What a manager sees (default: agency).")
@click.option("--password", help="Set this password; otherwise one is generated and printed.")
def create_user(email, name, roles, agency_name, team_name, profession, scope, password):
    """Create a user, or update the one with this e-mail address."""
    agency = _agency(agency_name)
    team = _team(agency, team_name)
    if Role.MANAGER in roles:
        scope = scope or Scope.AGENCY
        if scope == Scope.AGENCY and agency is None:
            raise click.BadParameter("An agency manager needs --agency", param_hint="--scope")
        if scope == Scope.TEAM and team is None:
            raise click.BadParameter("A team manager needs --agency and --team", param_hint="--scope")
    generated = password is None
    password = password or generate_password()
    problem = password_problem(password, email)
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    user, created = upsert_user(
        email, name, roles, agency=agency, team=team, profession=profession, password=password, manager_scope=scope
    )
    db.session.commit()
    click.echo(f"{'Created' if created else 'Updated'} {user.email} ({', '.join(sorted(user.roles))})")
    if user.manager_scope:
        click.echo(f"Manager scope: {user.manager_scope}")
    if generated:
        click.echo(f"Password: {password}")


def _agency(name: str | None) -> Agency | None:
    if not name:
        return None
    agency = db.session.scalar(select(Agency).where(Agency.name == name))
    if agency is None:
        raise click.BadParameter(f"No agency is called {name!r}", param_hint="--agency")
    return agency


def _team(agency: Agency | None, name: str | None) -> Team | None:
    if not name:
        return None
    if agency is None:
        raise click.BadParameter("Give the team's --agency too", param_hint="--team")
    team = db.session.scalar(select(Team).where(Team.agency_id == agency.id, Team.name == name))
    if team is None:
        raise click.BadParameter(f"{agency.name} has no team called {name!r}", param_hint="--team")
    return team


@click.command("demo")
@click.option("--password", help="Password for every demo account; otherwise one is generated and printed.")
@click.option("--learners", type=click.IntRange(min=0), default=0, help="Also add this many synthetic learners.")
def demo(password, learners):
    """Create a demo partnership and one account per role; safe to run again."""
    password = password or generate_password()
    problem = password_problem(password)
    if problem:
        raise click.BadParameter(problem, param_hint="--password")
    create_demo_partnership(password)
    db.session.commit()
    if learners:
        started = time.perf_counter()
        added = build_scale_partnership(learners, date.today())
        db.session.commit()
        click.echo(f"Added {added} synthetic learners with records in {time.perf_counter() - started:.1f} s")
    click.echo("Demo accounts (all share one password):")
    for account in DEMO_ACCOUNTS:
        click.echo(f"  {account['email']:<24} {', '.join(account['roles'])}")
    click.echo(f"Password: {password}")
