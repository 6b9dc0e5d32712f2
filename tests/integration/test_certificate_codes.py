"""Certificate codes people can read aloud and type, and checking them."""

import pytest
from flask import url_for
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Completion
from tests.conftest import make_app, parse
from tests.integration.learner import Learner


@pytest.fixture
def completed(client, auth, create_user, module):
    """A learner has completed Case 1 and signed out; returns the completion."""
    learner = Learner(client, create_user(name="Sam Learner"))
    auth.sign_in(learner.user)
    attempt = learner.start(module)
    learner.complete_all_pages(attempt)
    learner.submit(attempt)
    auth.sign_out()
    return db.session.scalar(select(Completion).where(Completion.attempt_id == attempt.id))


def verify(client, code):
    return client.get(url_for("learn.verify_certificate", code=code))


def test_a_new_completion_gets_a_short_grouped_code(completed):
    groups = completed.certificate_code.split("-")

    assert [len(g) for g in groups] == [4, 4, 4]


def test_a_code_is_found_however_it_is_typed(client, completed):
    code = completed.certificate_code
    typed = [code, code.lower(), code.replace("-", ""), code.replace("-", " "), f" {code[:6]} {code[6:].lower()} "]

    for variant in typed:
        response = verify(client, variant)
        assert response.status_code == 200, variant
        assert parse(response).select_one("h1").text == "Certificate verified"


def test_an_older_long_code_still_verifies_exactly(client, completed):
    completed.certificate_code = "Xk3v9QpL2mZr8TbW4yHn6sJd1cFa0eGu"
    db.session.commit()

    assert verify(client, "Xk3v9QpL2mZr8TbW4yHn6sJd1cFa0eGu").status_code == 200
    assert verify(client, "xk3v9qpl2mzr8tbw4yhn6sjd1cfa0egu").status_code == 404


def test_an_unknown_code_gets_a_certificate_not_found_page(client, completed):
    response = verify(client, "ABCD-EFGH-JKMN")

    page = parse(response)
    assert response.status_code == 404
    assert page.select_one("h1").text == "Certificate not found"
    assert "ABCD-EFGH-JKMN" in page.select_one("main").text
    assert page.select_one("title").text.startswith("Certificate not found")
    assert "Sam Learner" not in response.get_data(as_text=True)
    assert response.headers["Cache-Control"] == "no-store"


def test_verification_is_limited_to_thirty_lookups_a_minute(_schema):
    app = make_app(_schema, RATELIMIT_ENABLED=True)
    client = app.test_client()
    with app.app_context():
        url = url_for("learn.verify_certificate", code="ABCD-EFGH-JKMN")
        statuses = [client.get(url).status_code for _ in range(31)]

    assert statuses == [404] * 30 + [429]


def test_verifying_takes_the_same_few_queries_found_or_not(client, completed, count_queries):
    counts = []
    for code in (completed.certificate_code.lower(), "ABCD-EFGH-JKMN"):
        with count_queries() as statements:
            verify(client, code)
        counts.append(len([s for s in statements if not s.startswith("BEGIN")]))

    assert counts[0] <= 5
    assert counts[1] <= counts[0]
