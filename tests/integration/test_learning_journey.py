"""A learner works through a module: saving, checking knowledge, checking answers and submitting."""

import pytest
from flask import url_for
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Answer, Attempt, Completion, QuestionKind
from tests.conftest import parse
from tests.integration.learner import REFLECTION, Learner, question_of


def saved_answer(attempt, question):
    return db.session.scalar(select(Answer).where(Answer.attempt_id == attempt.id, Answer.question_id == question.id))


def test_my_learning_lists_every_published_module(learner, loaded_modules):
    page = parse(learner.client.get(url_for("learn.my_learning")))

    titles = [a.text for a in page.select(".govuk-task-list__link")]
    assert len(titles) == len(loaded_modules) == 6
    assert all(tag.text.strip() == "Not started" for tag in page.select(".govuk-task-list__status .govuk-tag"))


def test_start_page_says_time_needed_and_who_reads_answers(learner, module):
    page = parse(learner.client.get(url_for("learn.module_start", slug=module.slug)))

    text = page.get_text(" ", strip=True)
    assert page.select_one("h1").text == module.current_version.title
    assert f"About {module.current_version.minutes} minutes" in text
    assert "Managers never see what you write" in text
    assert "trainers read your submitted answers" in text


def test_starting_twice_continues_the_same_attempt(learner, module):
    first = learner.start(module)
    second = learner.start(module)

    assert first.id == second.id
    assert db.session.scalar(select(func.count(Attempt.id))) == 1


def test_continue_saves_and_the_learner_resumes_where_they_left_off(learner, module):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)

    learner.post_page(attempt, "confidence-before")
    learner.post_page(attempt, "case")
    response = learner.post_page(attempt, reflection.page, button="save_later")

    assert response.headers["Location"].endswith(url_for("learn.my_learning", _external=False))
    assert saved_answer(attempt, reflection).text.startswith(REFLECTION)
    landing = parse(learner.client.get(url_for("learn.my_learning")))
    assert landing.select_one("#in-progress") is not None
    resumed = learner.client.post(
        url_for("learn.start", slug=module.slug),
        data={"csrf_token": landing.select_one("input[name=csrf_token]")["value"]},
    )
    assert resumed.headers["Location"].endswith(f"/pages/{reflection.page}")
    page = parse(learner.client.get(resumed.headers["Location"]))
    assert page.select_one(f"#answer-{reflection.key}").text.startswith(REFLECTION)


def test_a_short_reflection_is_saved_but_the_minimum_is_explained(learner, module):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)
    assert reflection.min_length > 5
    before = parse(learner.client.get(learner.page_url(attempt, reflection.page)))

    response = learner.post_page(attempt, reflection.page, {reflection.key: "Short"})

    page = parse(response)
    hint = before.select_one(f"#answer-{reflection.key}-hint").text
    assert f"Write at least {reflection.min_length} characters" in hint
    assert response.status_code == 200
    assert (
        page.select_one(f"#answer-{reflection.key}-error")
        .text.strip()
        .endswith(f"Write at least {reflection.min_length} characters – you have written 5")
    )
    assert saved_answer(attempt, reflection).text == "Short"


def test_an_empty_reflection_says_what_to_enter(learner, module):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)

    page = parse(learner.post_page(attempt, reflection.page, {reflection.key: ""}))

    assert "Enter your reflection" in page.select_one(".govuk-error-summary").text
    assert page.select_one("title").text.startswith("Error: ")


def test_oversized_text_is_refused_and_nothing_is_stored(learner, module):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)
    others = [q for q in attempt.version.questions if q.page == reflection.page and q.id != reflection.id]

    values = {reflection.key: "a" * 20_001, **{q.key: REFLECTION for q in others}}
    page = parse(learner.post_page(attempt, reflection.page, values))

    assert "Your answer must be 20,000 characters or fewer" in page.select_one(".govuk-error-summary").text
    assert db.session.scalar(select(func.count(Answer.id)).where(Answer.attempt_id == attempt.id)) == 0


def test_a_tampered_option_is_refused_and_nothing_is_stored(learner, module):
    attempt = learner.start(module)
    check = question_of(attempt, QuestionKind.SINGLE_CHOICE)

    page = parse(learner.post_page(attempt, check.page, {check.key: "not-an-option"}))

    assert "Select one of the options shown" in page.select_one(".govuk-error-summary").text
    assert saved_answer(attempt, check) is None


def test_an_answer_for_a_question_not_on_the_page_is_refused(learner, module):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)

    response = learner.post_page(attempt, reflection.page, {reflection.key: REFLECTION, "no-such-question": "x"})

    assert response.status_code == 200
    assert "the form had been changed" in parse(response).select_one(".govuk-error-summary").text
    assert saved_answer(attempt, reflection) is None


def test_an_unknown_page_is_404(learner, module):
    attempt = learner.start(module)

    assert learner.client.get(learner.page_url(attempt, "no-such-page")).status_code == 404


def test_knowledge_check_keeps_the_first_answer_and_allows_another_try(learner, module):
    attempt = learner.start(module)
    check = question_of(attempt, QuestionKind.SINGLE_CHOICE)
    wrong = next(option["key"] for option in check.options if option["key"] not in check.correct)

    learner.post_page(attempt, check.page, {check.key: wrong})
    after_wrong = parse(learner.client.get(learner.page_url(attempt, check.page)))
    learner.post_page(attempt, check.page, {check.key: check.correct[0]})
    after_right = parse(learner.client.get(learner.page_url(attempt, check.page)))

    answer = saved_answer(attempt, check)
    assert (answer.first_choices, answer.choices, answer.tries) == ([wrong], check.correct, 2)
    assert after_wrong.select_one("#check-result h2").text == "Not quite"
    assert after_right.select_one("#check-result h2").text == "Correct"
    assert check.explanation in after_right.select_one("#check-result").text
    assert after_right.find("a", string="Continue") is not None


def test_check_answers_lists_every_question_with_a_change_link(learner, module):
    attempt = learner.start(module)
    learner.complete_all_pages(attempt)

    page = parse(learner.client.get(url_for("learn.check_answers", attempt_id=attempt.id)))

    rows = page.select(".govuk-summary-list__row")
    assert len(rows) == len(attempt.version.questions)
    change = rows[-1].select_one("a")["href"]
    assert "change=1" in change
    back = learner.post_page(attempt, "action-plan", change=1)
    assert back.headers["Location"].endswith(url_for("learn.check_answers", attempt_id=attempt.id, _external=False))


def test_submitting_with_answers_missing_lists_them_and_records_nothing(learner, module):
    attempt = learner.start(module)
    learner.post_page(attempt, "confidence-before")

    response = learner.submit(attempt)

    page = parse(response)
    assert response.status_code == 200
    unanswered = [q for q in attempt.version.questions if q.page != "confidence-before"]
    assert len(page.select(".govuk-error-summary__list a")) == len(unanswered)
    assert db.session.scalar(select(func.count(Completion.id))) == 0


def test_submitting_records_one_completion_with_the_version_seen(learner, module):
    attempt = learner.start(module)
    learner.complete_all_pages(attempt)

    first = learner.submit(attempt)
    second = learner.submit(attempt)

    completions = db.session.scalars(select(Completion)).all()
    assert len(completions) == 1
    completion = completions[0]
    assert (completion.version_id, completion.attempt_id) == (module.current_version_id, attempt.id)
    assert completion.started_at == attempt.started_at
    assert completion.submitted_at >= completion.started_at
    assert first.headers["Location"] == second.headers["Location"]
    confirmation = parse(learner.client.get(first.headers["Location"]))
    assert confirmation.select_one(".govuk-panel__title").text.strip() == "Module complete"


def test_back_to_a_page_after_submitting_goes_to_the_confirmation(learner, module):
    attempt = learner.start(module)
    learner.complete_all_pages(attempt)
    learner.submit(attempt)

    response = learner.client.get(learner.page_url(attempt, "action-plan"))
    repost = learner.post_page(attempt, "action-plan", token="x")

    confirmation = url_for("learn.confirmation", attempt_id=attempt.id, _external=False)
    assert response.headers["Location"].endswith(confirmation)
    assert repost.headers["Location"].endswith(confirmation)


def test_redoing_a_module_keeps_the_earlier_completion(learner, module):
    first = learner.start(module)
    learner.complete_all_pages(first)
    learner.submit(first)

    second = learner.start(module)
    learner.complete_all_pages(second)
    learner.submit(second)

    assert first.id != second.id
    assert db.session.scalar(select(func.count(Completion.id))) == 2


@pytest.mark.parametrize("endpoint", ["learn.check_answers", "learn.confirmation"])
def test_another_learners_attempt_is_404(client, auth, create_user, module, endpoint):
    owner = Learner(client, create_user())
    auth.sign_in(owner.user)
    attempt = owner.start(module)
    auth.sign_out()
    auth.sign_in(create_user())

    assert client.get(url_for(endpoint, attempt_id=attempt.id)).status_code == 404
    assert client.get(url_for("learn.page", attempt_id=attempt.id, page_key="case")).status_code == 404


def test_two_tabs_submitting_at_once_record_one_completion(app, learner, module):
    import threading

    from tests.conftest import csrf_token

    attempt = learner.start(module)
    learner.complete_all_pages(attempt)
    token = csrf_token(learner.client.get(url_for("learn.my_learning")))
    url = url_for("learn.submit", attempt_id=attempt.id)
    cookie = learner.client.get_cookie("session").value
    barrier = threading.Barrier(2)
    statuses = []

    def submit_in_another_tab():
        with app.app_context():
            tab = app.test_client()
            tab.set_cookie("session", cookie, domain="localhost")
            barrier.wait()
            statuses.append(tab.post(url, data={"csrf_token": token}).status_code)
            db.session.remove()

    db.session.rollback()  # the test's own reads must not hold SQLite's write lock while the tabs run
    tabs = [threading.Thread(target=submit_in_another_tab) for _ in range(2)]
    for tab in tabs:
        tab.start()
    for tab in tabs:
        tab.join()

    assert statuses == [302, 302]
    assert db.session.scalar(select(func.count(Completion.id))) == 1


def test_changing_a_knowledge_check_answer_returns_to_check_your_answers(learner, module):
    attempt = learner.start(module)
    learner.complete_all_pages(attempt)
    check = question_of(attempt, QuestionKind.SINGLE_CHOICE)
    wrong = next(option["key"] for option in check.options if option["key"] not in check.correct)

    after_wrong = learner.post_page(attempt, check.page, {check.key: wrong}, change=1)
    learner.post_page(attempt, check.page, {check.key: check.correct[0]}, change=1)
    page = parse(learner.client.get(after_wrong.headers["Location"]))

    assert "change=1" in after_wrong.headers["Location"]
    assert page.find("a", string="Continue")["href"].endswith(
        url_for("learn.check_answers", attempt_id=attempt.id, _external=False)
    )
