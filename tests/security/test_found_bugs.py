"""Bugs the hostile-input and probe sweeps found, each pinned by a test that failed before its fix."""

import pytest
from flask import url_for
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Agency, Role, Team
from quizapp.people.operations import ensure_agency, ensure_team
from tests.conftest import PASSWORD, csrf_token, parse


@pytest.mark.parametrize("name", ["Équipe Nord", "  Équipe Nord "])
def test_a_team_name_with_a_non_ascii_capital_already_taken_gets_a_message_not_a_500(client, auth, create_user, name):
    # SQLite's lower() changes only ASCII letters, so the case-blind check missed the exact name the database refuses.
    admin = create_user(roles=(Role.ADMIN,))
    agency = ensure_agency("Northern Agency", "children's social care")
    ensure_team(agency, "Équipe Nord")
    other = ensure_team(agency, "Other team")
    db.session.commit()
    auth.sign_in(admin.email, PASSWORD)
    page = client.get(url_for("admin.team", team_id=other.id))

    renamed = client.post(url_for("admin.team", team_id=other.id), data={"name": name, "csrf_token": csrf_token(page)})
    page = client.get(url_for("admin.agency", agency_id=agency.id))
    added = client.post(
        url_for("admin.new_team", agency_id=agency.id), data={"name": name, "csrf_token": csrf_token(page)}
    )

    for response in (renamed, added):
        assert response.status_code == 200
        assert parse(response).select_one(".govuk-error-summary")
    assert db.session.scalar(select(func.count()).select_from(Team).where(Team.agency_id == agency.id)) == 2


def test_an_agency_name_with_a_non_ascii_capital_already_taken_gets_a_message_not_a_500(client, auth, create_user):
    admin = create_user(roles=(Role.ADMIN,))
    ensure_agency("Él Agency", "children's social care")
    db.session.commit()
    auth.sign_in(admin.email, PASSWORD)
    page = client.get(url_for("admin.new_agency"))
    data = {"name": "Él Agency", "kind": "children's social care", "csrf_token": csrf_token(page)}

    response = client.post(url_for("admin.new_agency"), data=data)

    assert response.status_code == 200
    assert parse(response).select_one(".govuk-error-summary")
    assert db.session.scalar(select(func.count()).select_from(Agency)) == 2  # with the admin's own agency
