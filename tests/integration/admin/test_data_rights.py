"""Subject access holds everything about one person and nothing about anyone else; erasure leaves no trace."""

import json

import pytest
from flask import url_for
from pypdf import PdfReader
from sqlalchemy import JSON, String, Text, func, select

from quizapp.extensions import db
from quizapp.models import AuditEvent, Completion, Feedback, Role, User
from quizapp.models.types import utcnow
from quizapp.people import data_rights, invitations
from quizapp.people.audit import record_event
from tests.conftest import csrf_token, parse
from tests.integration.learner import REFLECTION

SECRET = "Only Sam wrote this sentence about the family"


@pytest.fixture
def history(app, client, auth, learner, module, create_user, mail_server):
    """Sam completes a module with a distinctive answer, gets feedback, fails a sign-in; Kim does the same."""
    sam = learner.user
    attempt = learner.start(module)
    learner.complete_all_pages(attempt)
    reflection = next(a for a in attempt.answers if a.text == REFLECTION)
    reflection.text = SECRET
    db.session.commit()
    learner.submit(attempt)
    trainer = create_user(roles=(Role.TRAINER,), email="tara@example.org", name="Tara Trainer")
    db.session.add(Feedback(attempt_id=attempt.id, author_id=trainer.id, text="Good thinking, Sam"))
    record_event("sign_in_failed", None, email=sam.email)
    invitations.request_reset(sam.email, utcnow())
    db.session.commit()
    auth.sign_out()
    kim = create_user(email="kim@example.org", name="Kim Colleague")
    auth.sign_in(kim)
    other = learner.__class__(client, kim)
    other_attempt = other.start(module)
    other.complete_all_pages(other_attempt)
    other.submit(other_attempt)
    auth.sign_out()
    return sam, kim, trainer


def test_subject_access_holds_everything_about_the_person(history):
    sam, _, _ = history

    data = data_rights.subject_access(sam)

    assert data["profile"]["email"] == sam.email and data["profile"]["name"] == sam.name
    answers = [a["answer"] for attempt in data["answers"] for a in attempt["answers"]]
    assert SECRET in answers
    assert [f["feedback"] for f in data["feedback"]] == ["Good thinking, Sam"]
    assert len(data["completions"]) == 1 and data["completions"][0]["certificate_code"]
    actions = {event["action"] for event in data["audit_events"]}
    assert {"sign_in", "sign_in_failed", "attempt_submitted", "password_reset_requested"} <= actions
    assert data["emails"] == [{"subject": "Reset your password", "sent": data["emails"][0]["sent"]}]


def test_subject_access_holds_nothing_about_anyone_else(history):
    sam, kim, trainer = history

    text = json.dumps(data_rights.subject_access(sam))

    for other in (kim, trainer):
        assert other.email not in text and other.name not in text
    assert "password_hash" not in text and "token" not in text.replace("certificate_code", "")


def test_the_pdf_is_readable_and_about_one_person(client, auth, history, create_user):
    sam, kim, trainer = history
    admin = create_user(roles=(Role.ADMIN,), email="admin@example.org")
    auth.sign_in(admin)

    response = client.get(url_for("admin.subject_access", user_id=sam.id, fmt="pdf"))

    assert response.mimetype == "application/pdf"
    text = " ".join(page.extract_text() for page in PdfReader(__import__("io").BytesIO(response.data)).pages)
    assert sam.name in text and SECRET in " ".join(text.split())
    assert kim.name not in text and trainer.name not in text
    exported = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "subject_access_exported"))
    assert (exported.actor_id, exported.subject_user_id, exported.details) == (admin.id, sam.id, {"format": "pdf"})


def test_the_json_download_is_the_same_record(client, auth, history, create_user):
    sam, _, _ = history
    auth.sign_in(create_user(roles=(Role.ADMIN,), email="admin@example.org"))

    response = client.get(url_for("admin.subject_access", user_id=sam.id, fmt="json"))

    assert response.headers["Content-Disposition"].startswith("attachment")
    assert json.loads(response.data)["profile"]["email"] == sam.email


def _tables_holding(user_id: int, words: list[str]) -> list[str]:
    """Walk every table: any column pointing at users.id holding the id, any text column holding the words."""
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if table.name != "users" and any(fk.column.table.name == "users" for fk in column.foreign_keys):
                hits = db.session.scalar(select(func.count()).select_from(table).where(column == user_id))
                if hits:
                    found.append(f"{table.name}.{column.name} points at the person ({hits} rows)")
            if isinstance(column.type, String | Text | JSON):
                for row_value in db.session.scalars(select(column)):
                    text = json.dumps(row_value) if not isinstance(row_value, str) else row_value
                    for word in words:
                        if text and word.lower() in text.lower():
                            found.append(f"{table.name}.{column.name} holds {word!r}")
    if db.session.get(User, user_id) is not None:
        found.append("users still has the person's row")
    return found


def test_erasure_leaves_no_row_pointing_at_or_holding_the_person(client, auth, history, create_user):
    sam, kim, trainer = history
    sam_id, words = sam.id, [sam.email, sam.name, SECRET, "Good thinking, Sam"]
    assert _tables_holding(sam_id, words), "the walk finds the person before erasure (it can fail)"
    admin = create_user(roles=(Role.ADMIN,), email="admin@example.org")
    auth.sign_in(admin)
    page = client.get(url_for("admin.person_data", user_id=sam_id))

    response = client.post(
        url_for("admin.erase_person", user_id=sam_id), data={"csrf_token": csrf_token(page), "confirm": "y"}
    )

    assert response.status_code == 302
    db.session.expire_all()
    assert _tables_holding(sam_id, words) == []


def test_erasure_keeps_anonymous_completion_counts_and_other_peoples_records(history, create_user):
    sam, kim, trainer = history
    admin = create_user(roles=(Role.ADMIN,), email="admin@example.org")
    completions_before = db.session.scalar(select(func.count(Completion.id)))
    kim_answers_before = len(data_rights.subject_access(kim)["answers"][0]["answers"])

    stand_in = data_rights.erase_person(sam, admin)
    db.session.commit()

    assert db.session.scalar(select(func.count(Completion.id))) == completions_before
    assert stand_in.name == data_rights.ERASED_NAME and not stand_in.active and stand_in.agency_id is not None
    assert len(data_rights.subject_access(kim)["answers"][0]["answers"]) == kim_answers_before
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "person_erased"))
    assert (event.actor_id, event.subject_user_id) == (admin.id, stand_in.id)


def test_erasure_needs_confirming_and_an_admin_cannot_erase_themselves(client, auth, create_user):
    admin = create_user(roles=(Role.ADMIN,), email="admin@example.org")
    auth.sign_in(admin)
    page = client.get(url_for("admin.person_data", user_id=admin.id))

    unconfirmed = client.post(url_for("admin.erase_person", user_id=admin.id), data={"csrf_token": csrf_token(page)})
    own = client.post(
        url_for("admin.erase_person", user_id=admin.id), data={"csrf_token": csrf_token(page), "confirm": "y"}
    )

    assert "Confirm that you understand" in parse(unconfirmed).select_one(".govuk-error-summary").get_text()
    assert "cannot erase your own account" in parse(own).select_one(".govuk-error-summary").get_text()
    assert db.session.get(User, admin.id) is not None
