"""A trainer's review of submitted attempts: the queue, one submission, and the decision on each round."""

from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from typing import Any

from flask import url_for
from sqlalchemy import Select, and_, false, func, select, true, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from quizapp.extensions import db
from quizapp.mail import queue_mail
from quizapp.models import (
    Agency,
    Answer,
    Attempt,
    AttemptState,
    Completion,
    Feedback,
    Module,
    ModuleVersion,
    OutboxMessage,
    Question,
    Review,
    ReviewState,
    Theme,
    User,
    found,
)
from quizapp.models.curriculum import TEXT_KINDS, version_themes
from quizapp.people.audit import record_event
from quizapp.records.answers import AnswerRow, answer_sections, chosen_options, shown_answer
from quizapp.records.attempts import completion_of, open_attempt_for
from quizapp.records.paging import page_window

PAGE_SIZE = 25
REVIEWABLE = (AttemptState.SUBMITTED, AttemptState.RETURNED)


class QueueStatus(StrEnum):
    AWAITING = "awaiting"
    REVIEWED = "reviewed"
    RETURNED = "returned"


@dataclass
class WhoFilter:
    """Whose submissions to show: by agency, profession and day of submission; and which page of them."""

    agency_id: int | None = None
    profession: str | None = None
    submitted_from: date | None = None
    submitted_to: date | None = None
    page: int = 1


@dataclass
class QueueFilters(WhoFilter):
    """What the trainer narrowed the queue to: a status tab, and optionally a module or theme."""

    status: QueueStatus = QueueStatus.AWAITING
    module: str | None = None
    theme: str | None = None


def filter_by_who(query: Select, who: WhoFilter) -> Select:
    """Narrow a query over attempts and their users to the people and days chosen."""
    # People as a list looked up once, so the attempts are filtered within their own index, not joined row by row.
    if who.agency_id:
        query = query.where(Attempt.user_id.in_(select(User.id).where(User.agency_id == who.agency_id)))
    if who.profession:
        query = query.where(Attempt.user_id.in_(select(User.id).where(User.profession == who.profession)))
    if who.submitted_from:
        query = query.where(Attempt.submitted_at >= datetime.combine(who.submitted_from, time(), UTC))
    if who.submitted_to:
        query = query.where(Attempt.submitted_at < datetime.combine(who.submitted_to + timedelta(days=1), time(), UTC))
    return query


@dataclass
class QueueRow:
    attempt: Attempt
    decision: Review | None


@dataclass
class Queue:
    rows: list[QueueRow]
    counts: dict[QueueStatus, int]
    page: int
    pages: int


class DecisionRefused(Exception):
    """The decision cannot be made; the message says why in words for the trainer."""


def _current_round():
    # The decision on the round the attempt is in now: a resubmit moves submitted_at on, leaving none.
    return and_(Review.attempt_id == Attempt.id, Review.round_submitted_at == Attempt.submitted_at)


def _status_condition(status: QueueStatus):
    # Each tab is one range of the attempts' queue index; `reviewed` is set with the decision and never unset.
    if status == QueueStatus.RETURNED:
        return Attempt.state == AttemptState.RETURNED
    reviewed = true() if status == QueueStatus.REVIEWED else false()
    return and_(Attempt.state == AttemptState.SUBMITTED, Attempt.reviewed == reviewed)


def _filtered(query: Select, trainer: User, filters: QueueFilters) -> Select:
    query = query.where(Attempt.state.in_(REVIEWABLE), Attempt.submitted_at.is_not(None), Attempt.user_id != trainer.id)
    if filters.module:
        query = query.where(
            Attempt.module_id == select(Module.id).where(Module.slug == filters.module).scalar_subquery()
        )
    if filters.theme:
        on_theme = select(version_themes.c.version_id).join(Theme).where(Theme.slug == filters.theme)
        query = query.where(Attempt.version_id.in_(on_theme))
    return filter_by_who(query, filters)


def _tab_counts(trainer: User, filters: QueueFilters) -> dict[QueueStatus, int]:
    query = _filtered(select(Attempt.state, Attempt.reviewed, func.count()), trainer, filters)
    counts = dict.fromkeys(QueueStatus, 0)
    for state, reviewed, count in db.session.execute(query.group_by(Attempt.state, Attempt.reviewed)):
        tab = QueueStatus.REVIEWED if reviewed else QueueStatus.AWAITING
        counts[QueueStatus.RETURNED if state == AttemptState.RETURNED else tab] += _number(count)
    return counts


def review_queue(trainer: User, filters: QueueFilters) -> Queue:
    """Return one page of submitted attempts in a status tab, with the count in each tab; never drafts."""
    counts = _tab_counts(trainer, filters)
    window = page_window(counts[filters.status], filters.page, PAGE_SIZE)
    order = window.order(oldest_first=filters.status == QueueStatus.AWAITING)
    # Only the page's ids are found by walking the index; its people and versions are loaded for those alone.
    ids = (
        _filtered(select(Attempt.id), trainer, filters)
        .where(_status_condition(filters.status))
        .order_by(*order)
        .limit(window.take)
        .offset(window.skip)
    )
    query = (
        select(Attempt, Review)
        .outerjoin(Review, _current_round())
        .where(Attempt.id.in_(ids))
        .options(
            joinedload(Attempt.user).joinedload(User.agency),
            joinedload(Attempt.user).lazyload(User.role_rows),
            joinedload(Attempt.version),
            joinedload(Review.reviewer).lazyload(User.role_rows),
        )
        .order_by(*order)
    )
    rows = [QueueRow(row[0], row[1]) for row in db.session.execute(query)]
    if window.from_end:
        rows.reverse()
    return Queue(rows, counts, window.page, window.pages)


def queue_choices() -> tuple[list[Agency], list[str]]:
    """Return the agencies and professions the queue can be filtered by."""
    agencies = list(db.session.scalars(select(Agency).order_by(Agency.name)))
    professions = list(
        db.session.scalars(
            select(User.profession).where(User.profession.is_not(None)).distinct().order_by(User.profession)
        )
    )
    return agencies, [p for p in professions if p]


@dataclass
class ReviewRow:
    """One question beside the learner's answer, with its feedback and what the trainer should notice."""

    row: AnswerRow
    feedback: Feedback | None
    note: str = ""
    earlier: str | None = None
    first_answer: str = ""


@dataclass
class ReviewSection:
    page_key: str
    title: str
    rows: list[ReviewRow]


@dataclass
class Submission:
    attempt: Attempt
    completion: Completion | None
    sections: list[ReviewSection]
    overall: Feedback | None
    decision: Review | None
    history: list[Review] = field(default_factory=list)
    first_try: tuple[int, int] = (0, 0)

    @property
    def confidence(self) -> tuple[float | None, float | None]:
        """Return the learner's average confidence rating before and after the module."""
        return _average(self, "confidence-before"), _average(self, "confidence-after")

    @property
    def awaiting(self) -> bool:
        return self.attempt.state == AttemptState.SUBMITTED and self.decision is None


def reviewable_attempt(trainer: User, attempt_id: int) -> Attempt:
    """Return a submitted or returned attempt of someone else, with its questions and answers; never a draft."""
    return found(
        db.session.scalar(
            select(Attempt)
            .where(Attempt.id == attempt_id, Attempt.state.in_(REVIEWABLE), Attempt.submitted_at.is_not(None))
            .where(Attempt.user_id != trainer.id)
            .options(
                selectinload(Attempt.version).selectinload(ModuleVersion.questions),
                selectinload(Attempt.answers),
                selectinload(Attempt.module),
                joinedload(Attempt.user).joinedload(User.agency),
                joinedload(Attempt.user).joinedload(User.team),
            )
        )
    )


def decisions_on(attempt: Attempt) -> list[Review]:
    """Return every decision on an attempt, oldest first."""
    return list(
        db.session.scalars(
            select(Review)
            .where(Review.attempt_id == attempt.id)
            .order_by(Review.decided_at)
            .options(joinedload(Review.reviewer).lazyload(User.role_rows))
        )
    )


def feedback_on(attempt: Attempt) -> dict[int | None, Feedback]:
    """Return an attempt's feedback by answer id, None for the feedback on the whole attempt."""
    return {
        item.answer_id: item
        for item in db.session.scalars(
            select(Feedback)
            .where(Feedback.attempt_id == attempt.id)
            .order_by(Feedback.created_at)
            .options(joinedload(Feedback.author).lazyload(User.role_rows))
        )
    }


def submission_for_review(trainer: User, attempt_id: int) -> Submission:
    """Return one learner's submission as the trainer reviews it, and record that the trainer viewed it."""
    attempt = reviewable_attempt(trainer, attempt_id)
    history = decisions_on(attempt)
    decision = next((r for r in history if r.round_submitted_at == attempt.submitted_at), None)
    returned = [r for r in history if r.state == ReviewState.RETURNED]
    # While returned, the learner is redrafting: show what they submitted, never the draft.
    shown_as = returned[-1].answers_as_returned if attempt.state == AttemptState.RETURNED else {}
    earlier = returned[-1].answers_as_returned if returned and not shown_as else {}
    feedback = feedback_on(attempt)
    sections = []
    for section in answer_sections(attempt):
        rows = []
        for row in section.rows:
            key = str(row.question.id)
            if key in shown_as:
                row.shown = shown_as[key]
            before = earlier.get(key)
            changed = before if before is not None and before != row.shown else None
            item = ReviewRow(row, feedback.get(row.answer.id) if row.answer else None, _note(row), changed)
            if item.note and item.note != FIRST_TRY and row.answer and row.answer.first_choices:
                item.first_answer = chosen_options(row.question, row.answer.first_choices).replace("\n", "; ")
            rows.append(item)
        sections.append(ReviewSection(section.page_key, section.title, rows))
    record_event("submission_viewed", trainer, attempt.user, attempt, module=attempt.module.slug)
    checks = [r for s in sections for r in s.rows if r.row.question.correct]
    first_try = sum(1 for r in checks if r.note == FIRST_TRY)
    return Submission(
        attempt, completion_of(attempt), sections, feedback.get(None), decision, history, (first_try, len(checks))
    )


FIRST_TRY = "Right at the first try"


def _average(submission: Submission, page_key: str) -> float | None:
    ratings = [
        r.row.answer.rating
        for section in submission.sections
        if section.page_key == page_key
        for r in section.rows
        if r.row.answer and r.row.answer.rating
    ]
    return round(sum(ratings) / len(ratings), 1) if ratings else None


def _note(row: AnswerRow) -> str:
    question, answer = row.question, row.answer
    if not question.correct or answer is None:
        return ""
    if answer.first_choices is not None and sorted(answer.first_choices) == sorted(question.correct):
        return FIRST_TRY
    return f"Right after {answer.tries} tries" if row.answered else "Not yet right"


def mark_reviewed(trainer: User, attempt: Attempt, now: datetime) -> OutboxMessage | None:
    """Record that this round has been reviewed and tell the learner; return the e-mail to send."""
    _decide(trainer, attempt, ReviewState.REVIEWED, now)
    record_event("attempt_reviewed", trainer, attempt.user, attempt, module=attempt.module.slug)
    return _tell_learner(
        attempt,
        f"Feedback on your reflections: {attempt.version.title}",
        f"{trainer.name} has read your reflections on “{attempt.version.title}”"
        + (" and left feedback." if feedback_on(attempt) else "."),
        url_for("learn.my_answers", attempt_id=attempt.id, _external=True),
    )


def return_attempt(
    trainer: User, attempt: Attempt, reason: str, answer_ids: list[int], now: datetime
) -> OutboxMessage | None:
    """Reopen a submitted attempt for more reflection, keeping its text and its completion; tell the learner."""
    if open_attempt_for(attempt.user, attempt.module):
        raise DecisionRefused(
            f"{attempt.user.name} has started this module again, so this submission cannot be returned. "
            "Give feedback instead."
        )
    snapshot = {str(q.id): shown_answer(q, a) for q, a in _answers(attempt)}
    _decide(
        trainer, attempt, ReviewState.RETURNED, now, reason=reason, answer_ids=answer_ids, answers_as_returned=snapshot
    )
    reopened = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.state == AttemptState.SUBMITTED)
        .values(state=AttemptState.RETURNED)
    ).rowcount  # type: ignore[attr-defined]
    if not reopened:
        db.session.rollback()
        raise DecisionRefused("This submission has already been returned.")
    db.session.refresh(attempt)
    record_event("attempt_returned", trainer, attempt.user, attempt, module=attempt.module.slug, answers=answer_ids)
    return _tell_learner(
        attempt,
        f"Returned for more reflection: {attempt.version.title}",
        f"{trainer.name} has read your reflections on “{attempt.version.title}” and asks you to think further "
        f"about some of your answers before submitting again.\n\nWhy: {reason}\n\n"
        "Your earlier answers are kept, and your completion stays on your training record.",
        url_for("learn.my_answers", attempt_id=attempt.id, _external=True),
    )


def _answers(attempt: Attempt):
    answers = {a.question_id: a for a in attempt.answers}
    return [(q, answers.get(q.id)) for q in attempt.version.questions]


def _decide(trainer: User, attempt: Attempt, state: ReviewState, now: datetime, **details) -> None:
    if attempt.state != AttemptState.SUBMITTED:
        raise DecisionRefused("This submission has been returned to the learner. Wait until they submit it again.")
    review = Review(
        attempt_id=attempt.id,
        round_submitted_at=attempt.submitted_at,
        state=state,
        reviewer_id=trainer.id,
        decided_at=now,
        **details,
    )
    db.session.add(review)
    if state == ReviewState.REVIEWED:
        attempt.reviewed = True
    try:
        db.session.flush()
    except IntegrityError:
        db.session.rollback()
        raise DecisionRefused("Another trainer has already decided on this submission.") from None


def _tell_learner(attempt: Attempt, subject: str, opening: str, link: str) -> OutboxMessage | None:
    learner = attempt.user
    if not learner.active:
        return None
    body = f"Hello {learner.name},\n\n{opening}\n\nRead it here (sign in first): {link}\n"
    return queue_mail(learner.email, subject, body, user=learner)


def written_answers(attempt: Attempt) -> list[tuple[Answer, Question]]:
    """Return the attempt's written answers with their questions, in page order: what a trainer can return."""
    return [(a, q) for q, a in _answers(attempt) if a is not None and q.kind in TEXT_KINDS and a.text]


def _number(value: Any) -> int:
    return int(value or 0)
