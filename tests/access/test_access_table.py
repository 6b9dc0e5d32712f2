"""Every endpoint is in the access table, and answers each role, and a signed-out visitor, as the table says."""

from datetime import UTC, datetime

import pytest
from flask import url_for

from quizapp.extensions import db
from quizapp.security import LAST_SEEN
from tests.access import table_admin, table_learn, table_reports, table_review, table_site
from tests.access.rules import ALL_ROLES, PUBLIC, SIGNED_IN, Access

TABLE: dict[str, Access] = {
    **table_site.ACCESS,
    **table_learn.ACCESS,
    **table_review.ACCESS,
    **table_reports.ACCESS,
    **table_admin.ACCESS,
}


@pytest.fixture
def strict_app(app):
    """The app with CSRF off, so a refusal can only come from the access rules."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("access rules do not depend on the database")
    app.config["WTF_CSRF_ENABLED"] = False
    return app


def test_every_endpoint_is_in_the_access_table(app):
    endpoints = {rule.endpoint for rule in app.url_map.iter_rules() if rule.endpoint != "static"}

    assert sorted(endpoints - TABLE.keys()) == [], "add these endpoints to tests/access/table_*.py"
    assert sorted(TABLE.keys() - endpoints) == [], "these table entries name no endpoint"


def test_every_endpoint_declares_its_roles_in_code(app):
    undeclared = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static" and not hasattr(app.view_functions[rule.endpoint], "permission")
    ]

    assert undeclared == []


def _request(app, endpoint: str, entry: Access, user=None, query: str = "", form: dict | None = None):
    client = app.test_client()
    if user is not None:
        with client.session_transaction() as session:
            session["_user_id"] = user.session_token
            session["_fresh"] = True
            session[LAST_SEEN] = datetime.now(UTC).isoformat()
    with app.test_request_context():
        url = url_for(endpoint, **entry.args)
    if query:
        url += ("&" if "?" in url else "?") + query
    response = client.open(url, method=entry.method, data=form if entry.method == "POST" else None)
    # Read and close streamed downloads, as a server does, so their transaction ends before the next request.
    response.get_data()
    response.close()
    return response


def _sent_to_sign_in(response) -> bool:
    return response.status_code in (301, 302, 303) and "/sign-in" in response.headers.get("Location", "")


def _verdict(response) -> str:
    if response.status_code == 403:
        return "refused"
    if _sent_to_sign_in(response) or response.status_code == 401:
        return "sign in"
    return "allowed"


def _expected(entry: Access, role) -> str:
    if entry.allowed == PUBLIC:
        return "allowed"
    if role is None:
        return "sign in"
    if entry.allowed == SIGNED_IN or role in entry.allowed:
        return "allowed"
    return "refused"


def test_every_endpoint_answers_every_role_as_the_table_says(strict_app, create_user):
    people = {role: create_user(roles=(role,), email=f"{role}@example.org") for role in ALL_ROLES}
    mismatches = []
    for endpoint, entry in sorted(TABLE.items()):
        for role in (None, *ALL_ROLES):
            response = _request(strict_app, endpoint, entry, people.get(role))
            if response.status_code >= 500:
                mismatches.append(f"{endpoint} as {role or 'signed out'}: {response.status_code}")
            elif (got := _verdict(response)) != _expected(entry, role):
                mismatches.append(f"{endpoint} as {role or 'signed out'}: {got}, table says {_expected(entry, role)}")

    assert mismatches == []
