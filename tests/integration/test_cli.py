"""The users and demo commands."""

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Agency, User
from quizapp.models.people import find_user_by_email
from quizapp.people.passwords import password_problem


def test_demo_creates_one_account_per_role_and_is_idempotent(runner):
    first = runner.invoke(args=["demo", "--password", "demo-pass-123"])
    counts = (db.session.scalar(select(func.count(User.id))), db.session.scalar(select(func.count(Agency.id))))
    second = runner.invoke(args=["demo", "--password", "demo-pass-123"])

    assert first.exit_code == 0 and second.exit_code == 0
    assert (db.session.scalar(select(func.count(User.id))), db.session.scalar(select(func.count(Agency.id)))) == counts
    for role in ("learner", "trainer", "manager", "admin"):
        user = find_user_by_email(f"{role}@example.org")
        assert role in user.roles
        assert user.check_password("demo-pass-123")
    assert "Password: demo-pass-123" in first.output


def test_demo_without_password_prints_a_generated_one(runner):
    result = runner.invoke(args=["demo"])

    password = result.output.rsplit("Password: ", 1)[1].strip()
    assert len(password) >= 12
    assert find_user_by_email("learner@example.org").check_password(password)


def test_users_create_then_update(runner):
    runner.invoke(args=["demo", "--password", "x" * 12])
    created = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "New.Person@Example.org",
            "--name",
            "New Person",
            "--role",
            "learner",
            "--role",
            "trainer",
            "--agency",
            "Homerton Healthcare",
            "--password",
            "a-long-password",
        ]
    )
    updated = runner.invoke(
        args=[
            "users",
            "create",
            "--email",
            "new.person@example.org",
            "--name",
            "Renamed",
            "--role",
            "learner",
            "--password",
            "a-long-password",
        ]
    )

    user = find_user_by_email("new.person@example.org")
    assert created.exit_code == 0 and "Created new.person@example.org" in created.output
    assert updated.exit_code == 0 and "Updated" in updated.output
    assert (user.name, user.roles) == ("Renamed", {"learner"})


def test_users_create_refuses_an_unknown_agency(runner):
    result = runner.invoke(
        args=["users", "create", "--email", "a@example.org", "--name", "A", "--agency", "No Such Agency"]
    )

    assert result.exit_code != 0
    assert "No agency is called 'No Such Agency'" in result.output
    assert find_user_by_email("a@example.org") is None


def test_demo_assigns_modules_once_content_is_loaded(runner):
    from quizapp.models import Assignment

    runner.invoke(args=["demo", "--password", "x" * 12])
    assert db.session.scalar(select(func.count(Assignment.id))) == 0
    runner.invoke(args=["content", "load"])
    runner.invoke(args=["demo", "--password", "x" * 12])
    runner.invoke(args=["demo", "--password", "x" * 12])

    assert db.session.scalar(select(func.count(Assignment.id))) == 2


@pytest.mark.parametrize(
    "password, message",
    [("short-one", "must be 12 characters or more"), ("PasswordPassword", "too common")],
)
def test_users_create_applies_the_password_policy(runner, password, message):
    result = runner.invoke(
        args=["users", "create", "--email", "weak@example.org", "--name", "Weak", "--password", password]
    )

    assert result.exit_code != 0
    assert message in result.output
    assert find_user_by_email("weak@example.org") is None


def test_users_create_generates_a_password_that_passes_the_policy(runner):
    result = runner.invoke(args=["users", "create", "--email", "gen@example.org", "--name", "Gen"])

    password = result.output.rsplit("Password: ", 1)[1].strip()
    assert password_problem(password) is None
    assert find_user_by_email("gen@example.org").check_password(password)


def test_demo_refuses_a_common_password(runner):
    result = runner.invoke(args=["demo", "--password", "qwertyuiop123"])

    assert result.exit_code != 0 and "too common" in result.output


def test_upsert_user_refuses_a_weak_password_and_changes_nothing(app, create_user):
    from quizapp.people.operations import upsert_user
    from quizapp.people.passwords import PasswordRejected
    from tests.conftest import PASSWORD

    person = create_user(email="kept@example.org")
    with pytest.raises(PasswordRejected, match="too common"):
        upsert_user("kept@example.org", "Renamed", ["learner"], password="password1234")

    db.session.rollback()
    assert find_user_by_email("kept@example.org").check_password(PASSWORD)
    assert person.name != "Renamed"
