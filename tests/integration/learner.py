"""Working through a module with the test client, as a learner would with a browser."""

from flask import url_for
from sqlalchemy import select

from quizapp.curriculum.pages import module_pages
from quizapp.extensions import db
from quizapp.learn.forms import field_name
from quizapp.models import Attempt, QuestionKind
from tests.conftest import csrf_token

REFLECTION = "I would ask who else is important in the children's lives, including fathers, and record it."


def good_value(question):
    """Return a post value that fully answers a question."""
    match QuestionKind(question.kind):
        case QuestionKind.REFLECTION | QuestionKind.ACTION_PLAN:
            return REFLECTION + "x" * max(0, question.min_length - len(REFLECTION))
        case QuestionKind.CONFIDENCE:
            return "3"
        case QuestionKind.SINGLE_CHOICE:
            return question.correct[0]
        case QuestionKind.MULTIPLE_CHOICE:
            return list(question.correct)


class Learner:
    """A signed-in learner driving the journey through the test client."""

    def __init__(self, client, user):
        self.client = client
        self.user = user

    def start(self, module, role="social-care") -> Attempt:
        page = self.client.get(url_for("learn.module_start", slug=module.slug))
        data = {"csrf_token": csrf_token(page), "role": role}
        response = self.client.post(url_for("learn.start", slug=module.slug), data=data)
        assert response.status_code == 302, response.status_code
        return self.open_attempt(module)

    def open_attempt(self, module) -> Attempt:
        return db.session.scalar(
            select(Attempt)
            .where(Attempt.user_id == self.user.id, Attempt.module_id == module.id)
            .order_by(Attempt.id.desc())
        )

    def page_url(self, attempt, page_key, **args):
        return url_for("learn.page", attempt_id=attempt.id, page_key=page_key, **args)

    def post_page(self, attempt, page_key, values=None, button="submit", token=None, **args):
        """Post a page with the given field values (by question key), or full answers if none given."""
        url = self.page_url(attempt, page_key, **args)
        token = token or csrf_token(self.client.get(url))
        if values is None:
            questions = [q for q in attempt.version.questions if q.page == page_key]
            values = {q.key: good_value(q) for q in questions}
        data = {f"answer-{key}": value for key, value in values.items()}
        data.update({"csrf_token": token, button: "y"})
        return self.client.post(url, data=data)

    def complete_all_pages(self, attempt):
        for page in module_pages(attempt.version):
            response = self.post_page(attempt, page.key)
            assert response.status_code == 302, (page.key, response.get_data(as_text=True)[:500])

    def submit(self, attempt):
        # Any page's token will do: a double click re-posts the same one.
        token = csrf_token(self.client.get(url_for("learn.my_learning")))
        return self.client.post(url_for("learn.submit", attempt_id=attempt.id), data={"csrf_token": token})


def question_of(attempt, kind):
    """Return the first question of a kind in the attempt's version."""
    return next(q for q in attempt.version.questions if q.kind == kind)


__all__ = ["Learner", "field_name", "good_value", "question_of"]
