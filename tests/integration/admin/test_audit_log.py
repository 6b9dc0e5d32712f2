"""The audit log: events for what matters, filters by person, action and date, pages, and an audited CSV export."""

import csv
import io
from datetime import UTC, datetime, timedelta

from flask import url_for
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import AuditEvent
from quizapp.people.audit import record_event
from tests.conftest import PASSWORD, parse


def rows(response):
    return [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in parse(response).select("tbody tr")]


def add_event(action, actor=None, subject=None, at=None, **details):
    record_event(action, actor, subject, **details)
    db.session.flush()
    if at:
        db.session.scalars(select(AuditEvent).order_by(AuditEvent.id.desc())).first().at = at
    db.session.commit()


def test_sign_ins_failures_and_lockouts_are_recorded(client, auth, create_user):
    person = create_user(email="sam@example.org")
    auth.sign_in(person)
    auth.sign_out()
    for _ in range(5):
        auth.sign_in(person, "not the password")

    actions = db.session.scalars(select(AuditEvent.action).order_by(AuditEvent.id)).all()

    assert actions[:2] == ["sign_in", "sign_out"]
    assert actions.count("sign_in_failed") == 5 and actions.count("account_locked") == 1


def test_filter_by_person_action_and_date(client, admin, create_user):
    sam = create_user(email="sam@example.org", name="Sam Learner")
    kim = create_user(email="kim@example.org", name="Kim Other")
    add_event("roles_changed", admin, sam, at=datetime(2026, 3, 1, 12, tzinfo=UTC))
    add_event("roles_changed", admin, kim, at=datetime(2026, 3, 5, 12, tzinfo=UTC))
    add_event("person_deactivated", admin, sam, at=datetime(2026, 3, 10, 12, tzinfo=UTC))

    by_person = rows(client.get(url_for("admin.audit_log", person="sam learner")))
    by_action = rows(client.get(url_for("admin.audit_log", action="roles_changed")))
    by_date = rows(
        client.get(
            url_for("admin.audit_log", since=["2", "3", "2026"], until=["5", "3", "2026"], action="roles_changed")
        )
    )

    assert [r[1] for r in by_person] == ["person deactivated", "roles changed"]
    assert {r[3] for r in by_action} == {"sam@example.org", "kim@example.org"}
    assert [r[3] for r in by_date] == ["kim@example.org"]


def test_an_impossible_date_is_explained_not_a_500(client, admin):
    response = client.get(url_for("admin.audit_log", since=["31", "2", "2026"]))

    assert response.status_code == 200
    assert "Enter a real date" in parse(response).select_one(".govuk-error-summary").get_text()


def test_the_log_pages_with_a_constant_number_of_queries(client, admin, create_user, count_queries):
    sam = create_user(email="sam@example.org")
    for _ in range(3):
        add_event("sign_in", sam, sam)
    with count_queries() as few:
        client.get(url_for("admin.audit_log"))
    for _ in range(120):
        record_event("sign_in", sam, sam)
    db.session.commit()
    with count_queries() as many:
        second = client.get(url_for("admin.audit_log", page=2))

    assert len(many) == len(few)
    assert len(rows(second)) == 50


def test_the_csv_export_matches_the_filter_is_formula_safe_and_is_audited(client, admin, create_user):
    sam = create_user(email="sam@example.org")
    add_event("sign_in_failed", email="=HYPERLINK(evil)")
    add_event("person_deactivated", admin, sam)

    response = client.get(url_for("admin.export_audit_log", action="sign_in_failed"))

    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff") and response.mimetype == "text/csv"
    table = list(csv.reader(io.StringIO(text.lstrip("\ufeff"))))
    assert table[0][:2] == ["When (UTC)", "Action"]
    assert [row[1] for row in table[1:]] == ["sign_in_failed"]
    assert table[1][7] == "email: =HYPERLINK(evil)" or table[1][7].startswith("email:")
    exported = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "audit_log_exported"))
    assert exported.actor_id == admin.id and exported.details["filter_action"] == "sign_in_failed"


def test_a_cell_starting_with_a_formula_character_is_neutralised(client, admin):
    add_event("=cmd", None)

    table = list(csv.reader(io.StringIO(client.get(url_for("admin.export_audit_log")).get_data(as_text=True))))

    assert [row[1] for row in table[1:] if "cmd" in row[1]] == ["'=cmd"]


def test_signing_in_again_shows_in_the_log(client, auth, admin):
    auth.sign_out()
    auth.sign_in(admin, PASSWORD)
    recent = rows(client.get(url_for("admin.audit_log", action="sign_in")))
    assert recent and recent[0][2].startswith("admin@example.org")
    assert datetime.now(UTC) - timedelta(minutes=5) < db.session.scalar(
        select(AuditEvent.at).order_by(AuditEvent.id.desc())
    )
