"""One submitted module for the demo learner, so a trainer trying the service has something to review."""

from datetime import timedelta

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Attempt, Module, Question, QuestionKind, User
from quizapp.models.types import utcnow
from quizapp.records.attempts import check_knowledge, save_rating, save_text, start_attempt, submit_attempt

DEMO_MODULE = "case-1-early-help-self-referral"
# Written as a front-line worker might: plausible, and naming no one.
REFLECTIONS = [
    "I would find out who else lives in or visits the household, including fathers and partners, "
    "and record their views and any risks, not only the account of the parent I usually see.",
    "In my team we rarely hear from children directly. I will see them on their own where it is safe, "
    "and write down what they say and how they seem, in their own words.",
    "I would share my concerns with the other agencies involved and note what I shared, with whom and why, "
    "following the information sharing advice rather than waiting to be asked.",
    "If I disagreed with a decision about thresholds I would talk to my manager first, then use the "
    "escalation policy and keep a note of the outcome.",
    "A family's situation can change quickly. I will look again at the plan at each contact rather than "
    "relying on the first assessment.",
]
ACTION_PLAN = (
    "At my next supervision I will bring one family where the father is not known to us and agree how "
    "to reach him, by the end of next month."
)


def ensure_demo_submission(learner: User, module: Module | None) -> None:
    """Complete and submit one module as the demo learner, once; skip if they have ever started it."""
    if module is None or module.current_version_id is None:
        return
    if db.session.scalar(select(Attempt.id).where(Attempt.user_id == learner.id, Attempt.module_id == module.id)):
        return
    started = utcnow() - timedelta(days=2)
    attempt = start_attempt(learner, module, started)
    written = iter(REFLECTIONS * 10)
    for number, question in enumerate(attempt.version.questions):
        match QuestionKind(question.kind):
            case QuestionKind.REFLECTION:
                save_text(attempt, question, next(written))
            case QuestionKind.ACTION_PLAN:
                save_text(attempt, question, ACTION_PLAN)
            case QuestionKind.CONFIDENCE:
                save_rating(attempt, question, 2 if question.page == "confidence-before" else 4)
            case _:
                if number % 3 == 0:  # some checks take a second try, as they do for real learners
                    check_knowledge(attempt, question, _wrong(question))
                    db.session.flush()  # gives the new answer its question id, so the second try finds it
                check_knowledge(attempt, question, list(question.correct))
    attempt.active_seconds = 40 * 60
    db.session.flush()  # gives the new answers their question ids
    submit_attempt(attempt, started + timedelta(hours=1))


def _wrong(question: Question) -> list[str]:
    wrong = [option["key"] for option in question.options if option["key"] not in question.correct]
    return wrong[:1] or list(question.correct)
