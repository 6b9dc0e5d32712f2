"""Every POST is refused without a valid CSRF token, and no GET changes anything but the audit trail."""

import pytest
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Role
from tests.access.rules import ALL_ROLES, PUBLIC, SIGNED_IN
from tests.access.test_access_table import TABLE, _request

POST_ROUTES = sorted((endpoint, entry) for endpoint, entry in TABLE.items() if entry.method == "POST")
GET_ROUTES = sorted((endpoint, entry) for endpoint, entry in TABLE.items() if entry.method == "GET")
# The audit trail records views of other people's answers, so a GET may add to it and to nothing else.
APPEND_ON_GET = {"audit_events"}


@pytest.fixture
def people(app, learner, module, create_user):
    """One person per role, with a real submitted attempt 1 and completion 1 to act on."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("CSRF and safe methods do not depend on the database")
    attempt = learner.start(module)
    learner.complete_all_pages(attempt)
    learner.submit(attempt)
    others = {role: create_user(roles=(role,), email=f"{role}@example.org") for role in ALL_ROLES if role != "learner"}
    return {None: None, Role.LEARNER: learner.user, **others}


def row_counts(skip=frozenset()) -> dict[str, int]:
    """Count the rows of every table: a change anywhere shows up here."""
    db.session.rollback()
    return {
        table.name: db.session.scalar(select(func.count()).select_from(table))
        for table in db.metadata.sorted_tables
        if table.name not in skip
    }


def allowed_person(entry, people):
    if entry.allowed == PUBLIC:
        return None
    if entry.allowed == SIGNED_IN:
        return people[Role.LEARNER]
    return people[sorted(entry.allowed)[0]]


def test_every_post_without_a_csrf_token_is_refused_and_changes_nothing(app, people):
    app.config["WTF_CSRF_ENABLED"] = True
    accepted = []
    for endpoint, entry in POST_ROUTES:
        before = row_counts()
        response = _request(app, endpoint, entry, allowed_person(entry, people))
        if response.status_code < 400 and response.status_code != 200 or row_counts() != before:
            accepted.append(f"{endpoint}: {response.status_code}")

    assert accepted == []


def test_no_get_changes_anything_but_the_audit_trail(app, people):
    app.config["WTF_CSRF_ENABLED"] = True
    changed = []
    for endpoint, entry in GET_ROUTES:
        for person in people.values():
            before = row_counts(APPEND_ON_GET)
            _request(app, endpoint, entry, person)
            if row_counts(APPEND_ON_GET) != before:
                changed.append(f"{endpoint} as {person.email if person else 'signed out'}")

    assert changed == []
