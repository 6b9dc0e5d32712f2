"""Submitted attempts made directly through the records layer: quick enough to make fifty of."""

from datetime import datetime, timedelta

from quizapp.extensions import db
from quizapp.models import Attempt, QuestionKind
from quizapp.models.types import utcnow
from quizapp.records.attempts import check_knowledge, save_rating, save_text, start_attempt, submit_attempt

TEXT = "I would ask who else matters in the children’s lives, fathers included, and write down what they say."


def submitted_attempt(
    user, module, text: str = TEXT, when: datetime | None = None, wrong_first: bool = False, before=2, after=4
) -> Attempt:
    """Complete and submit a module as this person; every written answer is `text`."""
    when = when or utcnow() - timedelta(hours=1)
    attempt = start_attempt(user, module, when - timedelta(minutes=30))
    for question in attempt.version.questions:
        match QuestionKind(question.kind):
            case QuestionKind.REFLECTION | QuestionKind.ACTION_PLAN:
                save_text(attempt, question, long_enough(text, question.min_length))
            case QuestionKind.CONFIDENCE:
                save_rating(attempt, question, before if question.page == "confidence-before" else after)
            case _:
                if wrong_first:
                    wrong = [o["key"] for o in question.options if o["key"] not in question.correct][:1]
                    check_knowledge(attempt, question, wrong)
                    db.session.flush()
                check_knowledge(attempt, question, list(question.correct))
        db.session.flush()
    submit_attempt(attempt, when)
    db.session.commit()
    return attempt


def long_enough(text: str, minimum: int) -> str:
    """Return the text, extended with more of the same when a question asks for a longer answer."""
    while len(text.strip()) < minimum:
        text += " " + TEXT
    return text


def question_of(attempt, kind=QuestionKind.REFLECTION):
    """Return the first question of a kind in the attempt's version."""
    return next(q for q in attempt.version.questions if q.kind == kind)


def answer_to(attempt, question):
    """Return the attempt's answer to a question."""
    return next(a for a in attempt.answers if a.question_id == question.id)
