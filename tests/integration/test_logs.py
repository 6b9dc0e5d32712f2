"""Logs never hold what people wrote, their passwords or their authenticator secrets, and cannot be forged."""

import logging

import pyotp
from flask import url_for
from sqlalchemy import text

from quizapp.extensions import db
from quizapp.models import Role
from quizapp.models.types import utcnow
from tests.conftest import PASSWORD, csrf_token, make_app, parse
from tests.integration.learner import Learner

CANARY = "canary-7f3a reflection text that must never reach a log"


def test_a_whole_module_and_a_two_factor_set_up_log_no_reflection_password_or_secret(
    app, client, auth, create_user, module, caplog, monkeypatch
):
    caplog.set_level(logging.DEBUG)
    app.config["REQUIRE_TWO_FACTOR"] = True
    user = create_user(roles=[Role.LEARNER, Role.TRAINER])
    learner = Learner(client, user)
    auth.sign_in(user)
    auth.sign_in(user, password="wrong " + PASSWORD)
    page = client.get(url_for("auth.set_up_two_factor"))
    secret = parse(page).select_one(".app-secret-key").text
    code = pyotp.TOTP(secret).at(utcnow())
    client.post(url_for("auth.set_up_two_factor"), data={"code": code, "csrf_token": csrf_token(page)})

    attempt = learner.start(module)
    for page_key in dict.fromkeys(q.page for q in attempt.version.questions):
        questions = [q for q in attempt.version.questions if q.page == page_key]
        learner.post_page(attempt, page_key, {q.key: _answer(q) for q in questions})
    learner.submit(attempt)

    def failing_save(*args, **kwargs):
        db.session.execute(text("INSERT INTO no_such_table VALUES (:reflection)"), {"reflection": CANARY})

    monkeypatch.setattr("quizapp.learn.journey.save_text", failing_save)
    second = learner.start(module)
    reflection = next(q for q in second.version.questions if q.kind == "reflection")
    assert learner.post_page(second, reflection.page, {reflection.key: CANARY}).status_code == 500

    logged = caplog.text + "".join(str(r.args) for r in caplog.records)
    assert "Unhandled error" in logged
    for secret_text in (CANARY, PASSWORD, secret, code):
        assert secret_text not in logged


def _answer(question):
    from tests.integration.learner import good_value

    value = good_value(question)
    return CANARY + " " + value if question.kind in ("reflection", "action_plan") else value


def test_a_line_break_in_an_address_cannot_forge_a_log_line(_schema, caplog):
    app = make_app(_schema)

    @app.route("/boom/<rest>")
    def boom(rest):
        raise RuntimeError("boom")

    boom.permission = "public"  # type: ignore[attr-defined]
    with app.app_context():
        response = app.test_client().get("/boom/x%0a2026-11-29 INFO quizapp: admin signed in")

    assert response.status_code == 500
    assert "\n2026-11-29 INFO" not in caplog.text
    assert "x\\n2026-11-29 INFO" in caplog.text
