"""A question page reads its attempt, the page's questions and the answers to them in one query."""

import pytest

from quizapp.models import NotFound, QuestionKind
from quizapp.records.attempts import own_attempt_on_page, page_questions
from tests.integration.learner import question_of


def test_the_attempt_comes_with_the_pages_questions_and_answers_as_page_questions_reads_them(learner, module):
    attempt = learner.start(module)
    reflection = question_of(attempt, QuestionKind.REFLECTION)
    learner.post_page(attempt, reflection.page)

    found, (questions, answers) = own_attempt_on_page(learner.user, attempt.id, reflection.page)

    assert found is attempt
    assert (questions, answers) == page_questions(attempt, reflection.page)
    assert reflection in questions and answers[reflection.id].text


def test_a_page_the_version_does_not_have_brings_the_attempt_alone(learner, module):
    attempt = learner.start(module)

    assert own_attempt_on_page(learner.user, attempt.id, "no-such-page") == (attempt, ([], {}))


def test_another_persons_attempt_is_not_found(learner, module, create_user):
    attempt = learner.start(module)

    with pytest.raises(NotFound):
        own_attempt_on_page(create_user(), attempt.id, "case")
