"""The review queue: submitted attempts only, oldest first, filtered and counted, in constant queries."""

from datetime import timedelta

import pytest
from flask import url_for

from quizapp.extensions import db
from quizapp.models import Role
from quizapp.models.types import utcnow
from quizapp.records.attempts import start_attempt
from quizapp.records.review import PAGE_SIZE
from tests.conftest import parse
from tests.integration.submissions import submitted_attempt


@pytest.fixture
def trainer(auth, create_user):
    """A signed-in trainer."""
    user = create_user(roles=(Role.TRAINER, Role.LEARNER), email="tara@example.org", name="Tara Trainer")
    auth.sign_in(user)
    return user


def names_listed(response) -> list[str]:
    return [link.get_text(" ", strip=True).split(":")[0].strip() for link in parse(response).select("tbody td a")]


def test_the_queue_lists_submissions_oldest_first_and_never_drafts_or_the_trainers_own(
    client, trainer, create_user, module, loaded_modules
):
    now = utcnow()
    submitted_attempt(create_user(name="Newer Person"), module, when=now - timedelta(days=1))
    submitted_attempt(create_user(name="Older Person"), module, when=now - timedelta(days=3))
    start_attempt(create_user(name="Drafting Person"), module, now)
    submitted_attempt(trainer, loaded_modules["felix-disability-family-pressures"])
    db.session.commit()

    response = client.get(url_for("review.home"))

    assert response.status_code == 200
    assert names_listed(response) == ["Older Person", "Newer Person"]
    assert "Waiting for review (2)" in parse(response).select_one("nav[aria-label='Submissions by status']").text


def test_filters_narrow_the_queue_and_the_counts(client, trainer, create_user, module, loaded_modules):
    submitted_attempt(
        create_user(name="Health Visitor", agency="Homerton Healthcare", profession="Health visitor"), module
    )
    submitted_attempt(create_user(name="Social Worker"), module)
    submitted_attempt(create_user(name="Other Module"), loaded_modules["felix-disability-family-pressures"])

    by_profession = client.get(url_for("review.home", profession="Health visitor"))
    by_module = client.get(url_for("review.home", module="felix-disability-family-pressures"))
    by_theme = client.get(url_for("review.home", theme="no-such-theme"))

    assert names_listed(by_profession) == ["Health Visitor"]
    assert names_listed(by_module) == ["Other Module"]
    assert "Select a theme from the list" in parse(by_theme).select_one(".govuk-error-summary").text
    assert len(names_listed(by_theme)) == 3, "a filter in error is left out, not applied"


def test_a_date_filter_in_error_is_explained_not_a_crash(client, trainer, create_user, module):
    submitted_attempt(create_user(name="Someone"), module)

    response = client.get(url_for("review.home", submitted_from=["31", "2", "2026"], submitted_to=["1"]))

    assert response.status_code == 200
    summary = parse(response).select_one(".govuk-error-summary").text
    assert "Submitted on or after must be a real date" in summary
    assert names_listed(response) == ["Someone"]


def test_dates_filter_by_day_of_submission(client, trainer, create_user, module):
    today = utcnow()
    submitted_attempt(create_user(name="Last Week"), module, when=today - timedelta(days=7))
    submitted_attempt(create_user(name="Today"), module, when=today)
    day = today - timedelta(days=1)

    response = client.get(url_for("review.home", submitted_from=[str(day.day), str(day.month), str(day.year)]))

    assert names_listed(response) == ["Today"]


def test_reviewed_and_returned_are_a_click_away(client, trainer, create_user, module):
    from quizapp.records.review import mark_reviewed

    attempt = submitted_attempt(create_user(name="Reviewed Person"), module)
    with client.application.test_request_context():
        mark_reviewed(trainer, attempt, utcnow())
    db.session.commit()

    waiting = client.get(url_for("review.home"))
    reviewed = client.get(url_for("review.home", status="reviewed"))

    assert names_listed(waiting) == []
    assert names_listed(reviewed) == ["Reviewed Person"]
    assert "Reviewed by Tara Trainer" in parse(reviewed).select_one("tbody").text


def test_the_queue_pages_through_many_submissions(client, trainer, create_user, module):
    for n in range(PAGE_SIZE + 2):
        submitted_attempt(create_user(name=f"Person {n:02}"), module, when=utcnow() - timedelta(minutes=100 - n))

    first = client.get(url_for("review.home"))
    second = client.get(url_for("review.home", page=2))

    assert len(names_listed(first)) == PAGE_SIZE
    assert names_listed(second) == [f"Person {PAGE_SIZE:02}", f"Person {PAGE_SIZE + 1:02}"]
    assert "page=2" in parse(first).select_one(".govuk-pagination__next a")["href"]


@pytest.mark.parametrize("role", [Role.LEARNER, Role.MANAGER])
def test_learners_and_managers_are_refused_a_real_submission(client, auth, create_user, module, role):
    attempt = submitted_attempt(create_user(name="Someone"), module)
    auth.sign_in(create_user(roles=(role,), manager_scope="partnership" if role == Role.MANAGER else None))

    for url in (
        url_for("review.home"),
        url_for("review.submission", attempt_id=attempt.id),
        url_for("review.question", question_id=attempt.answers[0].question_id),
        url_for("review.export", module=module.slug, format="csv", agency_level="agency"),
    ):
        assert client.get(url).status_code == 403, url


def queries_for(count_queries, client, url) -> int:
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_the_queue_runs_the_same_queries_for_5_or_50_submissions(client, trainer, create_user, module, count_queries):
    url = url_for("review.home")
    for n in range(5):
        submitted_attempt(create_user(agency=f"Agency {n % 3}", profession=f"Job {n % 4}"), module)
    few = queries_for(count_queries, client, url)

    for n in range(45):
        submitted_attempt(create_user(agency=f"Agency {n % 7}", profession=f"Job {n % 5}"), module)
    many = queries_for(count_queries, client, url)

    assert few == many
    assert many <= 12
