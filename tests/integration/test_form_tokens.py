"""A page's form token, posted back, is accepted without verifying its signature again; any other token is checked in
full, and one handed to another session is refused."""

from datetime import timedelta

import pytest
import time_machine
from flask import current_app, url_for
from itsdangerous import URLSafeTimedSerializer

from quizapp.models import QuestionKind
from quizapp.models.types import utcnow
from tests.conftest import AuthActions, csrf_token
from tests.integration.learner import Learner, question_of
from tests.integration.test_nothing_is_lost import autosave, saved_text


@pytest.fixture
def signature_checks(monkeypatch):
    """Note each time a form token's signature is verified (by the real check)."""
    checked: list[str] = []
    real_loads = URLSafeTimedSerializer.loads

    def loads(self, signed, *args, **kwargs):
        if self.salt == b"wtf-csrf-token":
            checked.append(signed)
        return real_loads(self, signed, *args, **kwargs)

    monkeypatch.setattr(URLSafeTimedSerializer, "loads", loads)
    return checked


def test_the_token_a_page_handed_out_saves_without_its_signature_checked_again(learner, module, signature_checks):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)
    token = csrf_token(learner.client.get(learner.page_url(attempt, "case")))
    signature_checks.clear()

    response = autosave(learner, attempt, f"answer-{reflection.key}", "first draft", token=token)

    assert response.status_code == 200
    assert saved_text(attempt, reflection) == "first draft"
    assert signature_checks == []


def test_another_token_for_the_same_session_is_checked_in_full(learner, module, signature_checks):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)
    token = csrf_token(learner.client.get(learner.page_url(attempt, "case")))
    with learner.client.session_transaction() as session:
        raw = session["csrf_token"]
    signer = URLSafeTimedSerializer(current_app.secret_key, salt="wtf-csrf-token")
    # Signed afresh a minute on: valid, but not the token this process handed out and remembered.
    with time_machine.travel(utcnow() + timedelta(minutes=1)):
        other = signer.dumps(raw)
    assert other != token
    tampered = other[:-2] + ("AA" if not other.endswith("AA") else "BB")
    signature_checks.clear()

    refused = autosave(learner, attempt, f"answer-{reflection.key}", "tampered", token=tampered)
    accepted = autosave(learner, attempt, f"answer-{reflection.key}", "signed afresh", token=other)

    assert refused.status_code == 400 and refused.json["error"] == "This page has expired"
    assert accepted.status_code == 200
    assert saved_text(attempt, reflection) == "signed afresh"
    assert signature_checks == [tampered, other]


def test_a_token_handed_to_another_session_is_refused(app, learner, module, create_user):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)
    intruder = Learner(app.test_client(), create_user())
    AuthActions(intruder.client).sign_in(intruder.user)
    theirs = csrf_token(intruder.client.get(url_for("learn.my_learning")))
    assert theirs != csrf_token(learner.client.get(learner.page_url(attempt, "case")))

    response = autosave(learner, attempt, f"answer-{reflection.key}", "forged", token=theirs)

    assert response.status_code == 400 and response.json["error"] == "This page has expired"
    assert saved_text(attempt, reflection) is None
