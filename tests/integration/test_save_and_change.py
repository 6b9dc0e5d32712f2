"""Saving and coming back later from any page, and changing a knowledge check already answered."""

from flask import url_for

from quizapp.curriculum.pages import PageKind, module_pages
from quizapp.extensions import db
from quizapp.models import QuestionKind
from tests.conftest import csrf_token, parse
from tests.integration.learner import question_of


def test_every_page_offers_save_and_come_back_later(learner, module):
    attempt = learner.start(module)

    for page in module_pages(attempt.version):
        html = parse(learner.client.get(learner.page_url(attempt, page.key)))
        button = html.select_one("form button[name=save_later]")
        assert button is not None, page.key
        assert button.text.strip() == "Save and come back later"


def test_saving_a_knowledge_check_for_later_resumes_there_without_counting_a_try(learner, module):
    attempt = learner.start(module)
    check = next(p for p in module_pages(attempt.version) if p.kind == PageKind.CHECK)
    url = learner.page_url(attempt, check.key)

    response = learner.client.post(url, data={"csrf_token": csrf_token(learner.client.get(url)), "save_later": "y"})

    assert response.headers["Location"].endswith(url_for("learn.my_learning", _external=False))
    db.session.refresh(attempt)
    assert attempt.current_page == check.key
    assert not attempt.answers
    resumed = learner.client.post(
        url_for("learn.start", slug=module.slug), data={"csrf_token": csrf_token(learner.client.get(url))}
    )
    assert resumed.headers["Location"].endswith(f"/pages/{check.key}")


def test_a_page_without_questions_can_be_left_for_later(learner, module):
    attempt = learner.start(module)
    outcome = next(p for p in module_pages(attempt.version) if p.kind == PageKind.OUTCOME)

    response = learner.post_page(attempt, outcome.key, {}, button="save_later")

    assert response.headers["Location"].endswith(url_for("learn.my_learning", _external=False))
    db.session.refresh(attempt)
    assert attempt.current_page == outcome.key


def test_change_on_a_right_knowledge_check_shows_the_answer_and_the_ways_back_and_on(learner, module):
    attempt = learner.start(module)
    learner.complete_all_pages(attempt)
    check = question_of(attempt, QuestionKind.SINGLE_CHOICE)
    chosen = next(o["text"] for o in check.options if o["key"] == check.correct[0])

    page = parse(learner.client.get(learner.page_url(attempt, check.page, change=1)))

    check_answers = url_for("learn.check_answers", attempt_id=attempt.id, _external=False)
    assert [li.text for li in page.select("#chosen-answer li")] == [chosen]
    assert page.select_one("#check-result h2").text == "Correct"
    assert page.select_one(".govuk-back-link")["href"].endswith(check_answers)
    assert page.find("a", string="Continue")["href"].endswith(check_answers)
    assert page.select_one("form button[name=save_later]") is not None


def test_change_on_a_right_multiple_choice_check_lists_every_chosen_option(learner, module):
    attempt = learner.start(module)
    learner.complete_all_pages(attempt)
    check = question_of(attempt, QuestionKind.MULTIPLE_CHOICE)
    texts = {o["key"]: o["text"] for o in check.options}

    page = parse(learner.client.get(learner.page_url(attempt, check.page, change=1)))

    assert sorted(li.text for li in page.select("#chosen-answer li")) == sorted(texts[k] for k in check.correct)
