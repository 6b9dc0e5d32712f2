"""Every trainer page runs the same SQL statements with a few learners' submissions as with many."""

from datetime import date, timedelta

import pytest
from flask import url_for

from quizapp.extensions import db
from quizapp.models import Agency, Role
from quizapp.models.types import utcnow
from quizapp.records import review as reviewing
from quizapp.records.feedback import keep_comment
from tests.integration.submissions import question_of, submitted_attempt

AGENCIES = ["Hackney Children and Families Service", "Homerton Healthcare", "Hackney Education"]
PROFESSIONS = ["Social worker", "Health visitor", "Teacher", "Police officer"]


@pytest.fixture
def trainer(auth, create_user):
    """A signed-in trainer with a comment library."""
    user = create_user(roles=(Role.TRAINER, Role.LEARNER), email="tara@example.org", name="Tara Trainer")
    for n in range(3):
        keep_comment(user, f"Comment {n}: what would the child say?")
    db.session.commit()
    auth.sign_in(user)
    return user


def add_submissions(trainer, create_user, modules, start: int, count: int) -> list:
    """Submit `count` attempts over several modules, agencies and professions; decide every third and fifth."""
    attempts = []
    for n in range(start, start + count):
        learner = create_user(agency=AGENCIES[n % 3], profession=PROFESSIONS[n % 4])
        attempt = submitted_attempt(
            learner, modules[n % 2], when=utcnow() - timedelta(days=n % 20, hours=1), wrong_first=bool(n % 2)
        )
        if n % 3 == 1:
            reviewing.mark_reviewed(trainer, attempt, utcnow())
        elif n % 5 == 2:
            written = [answer.id for answer, _ in reviewing.written_answers(attempt)][:1]
            reviewing.return_attempt(trainer, attempt, "Think about the father.", written, utcnow())
        db.session.commit()
        attempts.append(attempt)
    return attempts


def trainer_pages(attempt, module) -> dict[str, str]:
    """Every trainer page, with filters and last pages, for one submission and one module."""
    question = question_of(attempt)
    answer = next(a for a in attempt.answers if a.question_id == question.id)
    agency = db.session.scalar(db.select(Agency.id).where(Agency.name == AGENCIES[0]))
    since = date.today() - timedelta(days=10)
    day = {"submitted_from": [str(since.day), str(since.month), str(since.year)]}
    who = {"agency": agency, "profession": PROFESSIONS[0]}
    return {
        "queue": url_for("review.home"),
        "queue, last page": url_for("review.home", page=999),
        "queue, filtered": url_for("review.home", module=module.slug, **who, **day),
        "queue, by theme, last page": url_for("review.home", theme="the-silent-child", page=999),
        "reviewed, last page": url_for("review.home", status="reviewed", page=999),
        "returned": url_for("review.home", status="returned"),
        "submission": url_for("review.submission", attempt_id=attempt.id),
        "feedback on the attempt": url_for("review.feedback", attempt_id=attempt.id),
        "feedback on an answer": url_for("review.feedback", attempt_id=attempt.id, answer_id=answer.id),
        "return form": url_for("review.return_attempt", attempt_id=attempt.id),
        "questions": url_for("review.questions"),
        "answers": url_for("review.question", question_id=question.id),
        "answers, last page": url_for("review.question", question_id=question.id, page=999),
        "answers, filtered": url_for("review.question", question_id=question.id, **who, **day),
        "insights by agency": url_for("review.insights", about=f"module:{module.slug}"),
        "insights by profession": url_for("review.insights", about="theme:the-silent-child", split="profession"),
        "insights CSV": url_for("review.insights_csv", figure="checks", about=f"module:{module.slug}"),
        "export form": url_for("review.export", question=question.id),
        "comments": url_for("review.comments"),
    }


def statements(client, count_queries, pages: dict[str, str]) -> dict[str, int]:
    counted = {}
    for name, url in pages.items():
        client.get(url).get_data()  # a module version's pages are read once per process, then kept
        with count_queries() as run:
            response = client.get(url)
            response.get_data()  # a streamed CSV runs its queries while it is read
        assert response.status_code == 200, name
        counted[name] = len(run)
    return counted


def test_every_trainer_page_runs_the_same_statements_for_6_or_60_submissions(
    client, trainer, create_user, loaded_modules, count_queries
):
    modules = [
        loaded_modules["case-2-father-imprisoned-silent-child"],
        loaded_modules["felix-disability-family-pressures"],
    ]
    first = add_submissions(trainer, create_user, modules, 0, 6)[0]
    pages = trainer_pages(first, modules[0])
    few = statements(client, count_queries, pages)

    add_submissions(trainer, create_user, modules, 6, 54)
    many = statements(client, count_queries, pages)

    assert many == few
    assert max(many.values()) <= 16, many
