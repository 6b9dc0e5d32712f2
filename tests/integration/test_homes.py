"""Each person lands on the home of their main role and sees navigation for every role they hold."""

import pytest
from flask import url_for

from quizapp.extensions import db
from quizapp.models import Role, Scope
from quizapp.models.people import find_user_by_email
from quizapp.people.demo import DEMO_ACCOUNTS, create_demo_partnership
from tests.conftest import PASSWORD, parse

HOMES = {
    (Role.LEARNER,): ("learn.my_learning", "My learning"),
    (Role.TRAINER,): ("review.home", "Review reflections"),
    (Role.MANAGER,): ("reports.home", "Completion report"),
    (Role.ADMIN,): ("admin.home", "Administration"),
    (Role.TRAINER, Role.LEARNER): ("review.home", "Review reflections"),
    (Role.MANAGER, Role.LEARNER): ("reports.home", "Completion report"),
    (Role.ADMIN, Role.MANAGER, Role.TRAINER, Role.LEARNER): ("admin.home", "Administration"),
}


@pytest.mark.parametrize("roles", HOMES, ids=lambda roles: "+".join(roles))
def test_signing_in_lands_on_the_home_of_the_main_role(client, auth, create_user, roles):
    endpoint, heading = HOMES[roles]
    person = create_user(roles=roles)

    response = auth.sign_in(person, follow_redirects=True)

    assert response.status_code == 200
    assert response.request.path == url_for(endpoint, _external=False)
    assert parse(response).select_one("h1").text.strip() == heading


def test_a_person_with_several_roles_sees_navigation_for_each(client, auth, create_user):
    person = create_user(roles=(Role.TRAINER, Role.MANAGER, Role.LEARNER))
    auth.sign_in(person)

    page = parse(client.get(url_for("learn.my_learning")))

    labels = [link.text.strip() for link in page.select(".govuk-service-navigation__link")]
    assert labels == [
        "Review",
        "Questions",
        "What we learned",
        "Reports",
        "Assignments",
        "My learning",
        "My learning record",
        "Sign out of " + person.name,
    ]
    current = page.select_one("[aria-current=page]")
    assert current.text.strip() == "My learning"


def test_a_person_with_no_role_is_told_so_rather_than_refused(client, auth, create_user):
    person = create_user(roles=())

    response = auth.sign_in(person, follow_redirects=True)

    assert response.status_code == 200
    assert parse(response).select_one("h1").text.strip() == "Your account has no role yet"


def test_the_home_page_sends_a_signed_in_person_home(client, auth, create_user):
    auth.sign_in(create_user(roles=(Role.ADMIN,)))

    response = client.get(url_for("site.index"))

    assert response.headers["Location"].endswith(url_for("admin.home", _external=False))


def test_every_demo_account_signs_in_to_a_page_of_its_own(app, client, auth):
    create_demo_partnership(PASSWORD)
    db.session.commit()
    for account in DEMO_ACCOUNTS:
        response = auth.sign_in(account["email"], follow_redirects=True)
        assert response.status_code == 200, account["email"]
        assert response.request.path != url_for("site.no_role", _external=False)
        auth.sign_out()


@pytest.mark.parametrize(
    "email, scope, agency, team",
    [
        ("manager@example.org", Scope.AGENCY, "Hackney Children and Families Service", None),
        ("partnership@example.org", Scope.PARTNERSHIP, None, None),
    ],
)
def test_the_demo_managers_have_real_scopes(app, email, scope, agency, team):
    create_demo_partnership(PASSWORD)
    db.session.commit()

    manager = find_user_by_email(email)

    assert manager.manager_scope == scope
    assert (
        db.session.get(type(manager.agency), manager.scope_agency_id).name if manager.scope_agency_id else None
    ) == agency
    assert manager.scope_team_id is None


def test_users_create_sets_a_team_managers_scope(app, runner, create_user):
    create_user(agency="Homerton Healthcare", team="Health Visiting")

    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "tm@example.org",
            "--name",
            "Team Manager",
            "--role",
            "manager",
            "--agency",
            "Homerton Healthcare",
            "--team",
            "Health Visiting",
            "--scope",
            "team",
            "--password",
            "a long enough password",
        ]
    )

    assert result.exit_code == 0, result.output
    manager = find_user_by_email("tm@example.org")
    assert manager.manager_scope == Scope.TEAM
    assert manager.scope_team_id == manager.team_id is not None
    assert manager.scope_agency_id == manager.agency_id


def test_users_create_refuses_a_team_scope_without_a_team(app, runner):
    result = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "tm@example.org",
            "--name",
            "Team Manager",
            "--role",
            "manager",
            "--scope",
            "team",
        ]
    )

    assert result.exit_code != 0
    assert "A team manager needs --agency and --team" in result.output
    assert find_user_by_email("tm@example.org") is None
