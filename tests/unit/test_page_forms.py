"""A page's form class is made once per process, and never shared where the questions or option order differ."""

import pytest

from quizapp import create_app
from quizapp.learn.forms import build_page_form
from quizapp.models import Answer, Question, QuestionKind

OPTIONS = [{"key": k, "text": f"Option {k}"} for k in "abcdef"]


@pytest.fixture(scope="module")
def request_context():
    app = create_app({"SECRET_KEY": "unit-test-secret-key-of-enough-length", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context():
        yield


def reflection(prompt: str, id_: int = 1) -> Question:
    return Question(id=id_, key="what-next", kind=QuestionKind.REFLECTION, prompt=prompt, min_length=0, options=[])


def check() -> Question:
    kind = QuestionKind.SINGLE_CHOICE
    return Question(id=9, key="who-to-ask", kind=kind, prompt="Who?", min_length=0, options=OPTIONS)


def test_the_same_questions_share_a_form_class_but_each_form_holds_its_own_answer(request_context):
    first = build_page_form([reflection("What next?")], {1: Answer(question_id=1, text="Mine")}, attempt_id=1)
    second = build_page_form([reflection("What next?")], {1: Answer(question_id=1, text="Theirs")}, attempt_id=2)

    assert type(first) is type(second)
    assert (first["answer-what-next"].data, second["answer-what-next"].data) == ("Mine", "Theirs")


def test_a_question_worded_differently_gets_its_own_form_class(request_context):
    old = build_page_form([reflection("What next?")], {})
    new = build_page_form([reflection("What would you do next?")], {})

    assert type(old) is not type(new)
    assert new["answer-what-next"].label.text == "What would you do next?"


def test_each_attempt_sees_a_knowledge_check_in_its_own_order(request_context):
    orders = {
        attempt_id: [choice.value for choice in build_page_form([check()], {}, attempt_id)["answer-who-to-ask"].choices]
        for attempt_id in range(1, 7)
    }

    assert len({tuple(order) for order in orders.values()}) > 1
    assert orders[3] == [c.value for c in build_page_form([check()], {}, 3)["answer-who-to-ask"].choices]
