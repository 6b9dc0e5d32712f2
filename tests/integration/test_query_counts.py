"""Pages run a constant number of queries whatever the number of modules, attempts or learners."""

from flask import url_for

from quizapp.curriculum.loader import load_content
from quizapp.extensions import db
from quizapp.models import QuestionKind
from tests.conftest import AuthActions
from tests.integration.learner import Learner, question_of


def add_copies_of_every_module(content, copies: int):
    """Load each module again under new slugs, multiplying the number of published modules."""
    for path in list((content / "modules").glob("*.yaml")):
        for n in range(copies):
            slug = f"{path.stem}-copy-{n}"
            (content / "modules" / f"{slug}.yaml").write_text(
                path.read_text().replace(f"slug: {path.stem}", f"slug: {slug}", 1)
            )
    load_content(content)
    db.session.commit()


def busy_learner(client, create_user, module):
    """Another learner, with an attempt of their own."""
    other = Learner(app_client := client.application.test_client(), create_user())
    AuthActions(app_client).sign_in(other.user)
    other.complete_all_pages(other.start(module))
    other.submit(other.open_attempt(module))


def queries(count_queries, client, url) -> int:
    """Count the SQL queries a page runs; SQLite's BEGIN is transaction control, not a query."""
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len([s for s in statements if not s.startswith("BEGIN")])


def test_every_learner_page_runs_at_most_five_queries(learner, module, count_queries):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)
    learner.post_page(attempt, reflection.page)
    pages = {
        "My learning": url_for("learn.my_learning"),
        "My learning on a theme": url_for("learn.my_learning", theme=attempt.version.themes[0].slug),
        "start page": url_for("learn.module_start", slug=module.slug),
        "question page": learner.page_url(attempt, reflection.page),
        "Check your answers": url_for("learn.check_answers", attempt_id=attempt.id),
        "My learning record": url_for("learn.my_record"),
    }

    counts = {name: queries(count_queries, learner.client, url) for name, url in pages.items()}

    assert {name: count for name, count in counts.items() if count > 5} == {}


def test_my_learning_queries_do_not_grow(learner, module, loaded_modules, count_queries, create_user, content):
    attempt = learner.start(module)
    url = url_for("learn.my_learning")
    before = queries(count_queries, learner.client, url)

    add_copies_of_every_module(content, copies=2)
    learner.complete_all_pages(attempt)
    learner.submit(attempt)
    learner.start(loaded_modules["felix-disability-family-pressures"])
    for _ in range(3):
        busy_learner(learner.client, create_user, module)
    after = queries(count_queries, learner.client, url)

    assert 0 < after == before


def test_question_page_queries_do_not_grow(learner, module, count_queries, create_user, content):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)
    url = learner.page_url(attempt, reflection.page)
    learner.post_page(attempt, reflection.page)
    before = queries(count_queries, learner.client, url)

    add_copies_of_every_module(content, copies=1)
    learner.complete_all_pages(attempt)
    for _ in range(2):
        busy_learner(learner.client, create_user, module)
    after = queries(count_queries, learner.client, url)

    assert after == before
    assert before <= 12


def test_the_busiest_learner_pages_run_the_fewest_queries_they_can(learner, module, count_queries):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)
    learner.post_page(attempt, reflection.page)
    expected = {
        # The person, the catalogue's fingerprint, the assignments reaching the person, and their attempts beside
        # their completions, each saying whether a notice of feedback waits (none here, so no notices are read).
        url_for("learn.my_learning"): 4,
        url_for("learn.module_start", slug=module.slug): 4,
        # The person, then the attempt with its version beside the page's questions and its answers to them.
        learner.page_url(attempt, reflection.page): 2,
        url_for("site.accessibility"): 1,
    }
    for url in expected:
        learner.client.get(url)  # the per-process copies are built

    assert {url: queries(count_queries, learner.client, url) for url in expected} == expected
