"""Feedback on answers: written by trainers without overwriting each other, read and noticed by learners."""

from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import and_, bindparam, func, or_, select
from sqlalchemy.orm import joinedload
from sqlalchemy.orm.exc import StaleDataError

from quizapp.extensions import db
from quizapp.models import (
    Answer,
    Attempt,
    AttemptState,
    Feedback,
    NotFound,
    Question,
    Review,
    ReviewState,
    TrainerComment,
    User,
    found,
)
from quizapp.people.audit import record_event
from quizapp.records.answers import AnswerSection, answer_sections, shown_answer
from quizapp.records.attempts import own_attempt
from quizapp.records.review import decisions_on, feedback_on, reviewable_attempt


class FeedbackConflict(Exception):
    """Someone else saved this feedback after the trainer opened it; `current` is what they saved."""

    def __init__(self, current: Feedback):
        super().__init__("feedback changed by someone else")
        self.current = current


@dataclass
class FeedbackTarget:
    """What a piece of feedback is about: one answer (with its question), or the whole attempt."""

    attempt: Attempt
    answer: Answer | None
    question: Question | None
    feedback: Feedback | None

    @property
    def shown(self) -> str:
        return shown_answer(self.question, self.answer) if self.question else ""

    @property
    def revision(self) -> int:
        return self.feedback.revision if self.feedback else 0


def feedback_target(trainer: User, attempt_id: int, answer_id: int | None) -> FeedbackTarget:
    """Return the answer (or attempt) a trainer gives feedback on, and its feedback so far; audited as a view."""
    attempt = reviewable_attempt(trainer, attempt_id)
    answer = found(next((a for a in attempt.answers if a.id == answer_id), None)) if answer_id else None
    question = next((q for q in attempt.version.questions if answer and q.id == answer.question_id), None)
    feedback = feedback_on(attempt).get(answer_id)
    record_event("submission_viewed", trainer, attempt.user, attempt, answer=answer_id)
    return FeedbackTarget(attempt, answer, question, feedback)


def save_feedback(trainer: User, target: FeedbackTarget, text: str, seen_revision: int) -> Feedback:
    """Save feedback unless someone saved a newer revision since the trainer opened it (then FeedbackConflict)."""
    feedback = target.feedback
    if feedback is not None and feedback.revision != seen_revision:
        raise FeedbackConflict(feedback)
    if feedback is None and seen_revision:
        raise ValueError("feedback to change no longer exists")
    if feedback is None:
        feedback = Feedback(attempt_id=target.attempt.id, answer_id=target.answer and target.answer.id, text=text)
        db.session.add(feedback)
    feedback.text = text
    feedback.author_id = trainer.id
    feedback.seen_at = None
    try:
        db.session.flush()  # the version column makes this UPDATE fail if another save came in meanwhile
    except StaleDataError:
        db.session.rollback()
        raise FeedbackConflict(found(db.session.get(Feedback, feedback.id, populate_existing=True))) from None
    record_event("feedback_saved", trainer, target.attempt.user, feedback, answer=feedback.answer_id)
    return feedback


def trainer_comments(trainer: User) -> list[TrainerComment]:
    """Return a trainer's own reusable comments, oldest first."""
    return list(
        db.session.scalars(
            select(TrainerComment).where(TrainerComment.trainer_id == trainer.id).order_by(TrainerComment.id)
        )
    )


def own_comment(trainer: User, comment_id: int) -> TrainerComment:
    """Return one of the trainer's comments; raise NotFound otherwise."""
    return found(
        db.session.scalar(
            select(TrainerComment).where(TrainerComment.id == comment_id, TrainerComment.trainer_id == trainer.id)
        )
    )


def keep_comment(trainer: User, text: str) -> TrainerComment:
    """Add a comment to the trainer's library, once."""
    text = text.strip()
    existing = next((c for c in trainer_comments(trainer) if c.text == text), None)
    if existing:
        return existing
    comment = TrainerComment(trainer_id=trainer.id, text=text)
    db.session.add(comment)
    db.session.flush()
    return comment


def remove_comment(trainer: User, comment_id: int) -> None:
    """Delete one of the trainer's comments; feedback it was inserted into keeps its text."""
    db.session.delete(own_comment(trainer, comment_id))


@dataclass
class Notice:
    """Something a learner should know about one of their attempts."""

    attempt: Attempt
    returned: Review | None = None
    new_feedback: int = 0


# A returned attempt's open return: the return decided on the round it is in.
_OPEN_RETURN = and_(
    Review.attempt_id == Attempt.id,
    Attempt.state == AttemptState.RETURNED,
    Review.round_submitted_at == Attempt.submitted_at,
    Review.state == ReviewState.RETURNED,
)
# True for an attempt that learner_notices would list: returned for more reflection, or with feedback unread.
NOTICE_WAITING = or_(
    select(Review.id).where(_OPEN_RETURN).correlate(Attempt).exists(),
    select(Feedback.id)
    .where(Feedback.attempt_id == Attempt.id, Feedback.seen_at.is_(None))
    .correlate(Attempt)
    .exists(),
).label("notice_waiting")


def _notices_statement():
    # One query, run only when My learning's attempts say a notice is waiting (NOTICE_WAITING): each attempt with
    # its open return and unread feedback.
    unread = (
        select(func.count(Feedback.id))
        .where(Feedback.attempt_id == Attempt.id, Feedback.seen_at.is_(None))
        .correlate(Attempt)
        .scalar_subquery()
    )
    return (
        select(Attempt, Review, unread)
        .outerjoin(Review, _OPEN_RETURN)
        .where(Attempt.user_id == bindparam("user_id"), or_(Review.id.is_not(None), unread > 0))
        .options(joinedload(Attempt.version))
        .order_by(Review.decided_at.is_(None), Review.decided_at, Attempt.id)
    )


_NOTICES = _notices_statement()


def learner_notices(user: User) -> list[Notice]:
    """Return the learner's attempts returned for more reflection and those with feedback not yet read."""
    rows = db.session.execute(_NOTICES, {"user_id": user.id})
    return [Notice(row[0], returned=row[1], new_feedback=row[2]) for row in rows]


@dataclass
class AnswersWithFeedback:
    """A learner's own submitted attempt: answers beside questions, feedback beside answers."""

    attempt: Attempt
    sections: list[AnswerSection]
    feedback: dict[int | None, Feedback]
    returned: Review | None
    to_revisit: set[int] = field(default_factory=set)


def own_answers_with_feedback(user: User, attempt_id: int, now: datetime) -> AnswersWithFeedback:
    """Return the learner's own submitted or returned attempt with its feedback, marking the feedback read."""
    attempt = own_attempt(user, attempt_id)
    if attempt.submitted_at is None:
        raise NotFound
    feedback = feedback_on(attempt)
    for item in feedback.values():
        item.seen_at = item.seen_at or now
    returned = None
    if attempt.state == AttemptState.RETURNED:
        returned = next((r for r in reversed(decisions_on(attempt)) if r.state == ReviewState.RETURNED), None)
    revisit = set(returned.answer_ids) if returned else set()
    return AnswersWithFeedback(attempt, answer_sections(attempt), feedback, returned, revisit)
