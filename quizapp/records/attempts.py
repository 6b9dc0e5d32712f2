"""Working through a module: starting, saving answers, checking knowledge and submitting."""

from datetime import datetime, timedelta
from typing import Protocol

from sqlalchemy import bindparam, select, update
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload, selectinload

from quizapp.extensions import db
from quizapp.models import (
    Answer,
    Attempt,
    AttemptState,
    Completion,
    Module,
    ModuleVersion,
    Question,
    QuestionKind,
    found,
)
from quizapp.models.curriculum import MAX_ANSWER_LENGTH, TEXT_KINDS
from quizapp.people.audit import record_event
from quizapp.records.last_completions import note_completion

# Gaps longer than this between two actions are a break, not time spent learning.
ACTIVE_GAP = timedelta(minutes=5)


def open_attempt_for(user, module: Module) -> Attempt | None:
    """Return the person's unfinished attempt at a module, if any."""
    return db.session.scalar(
        select(Attempt).where(
            Attempt.user_id == user.id, Attempt.module_id == module.id, Attempt.state != AttemptState.SUBMITTED
        )
    )


def start_attempt(user, module: Module, now: datetime) -> Attempt:
    """Return the open attempt, or start one on the module's current version."""
    attempt = open_attempt_for(user, module)
    if attempt:
        return attempt
    attempt = Attempt(
        user_id=user.id, module_id=module.id, version_id=module.current_version_id, started_at=now, last_activity_at=now
    )
    db.session.add(attempt)
    try:
        db.session.flush()
    except IntegrityError:
        # A double click started one already: use that one.
        db.session.rollback()
        attempt = found(open_attempt_for(user, module))
    return attempt


# The statements a learner's page and every autosave run, built once rather than on every request.
_OWN_ATTEMPT = select(Attempt).where(Attempt.id == bindparam("attempt_id"), Attempt.user_id == bindparam("user_id"))
_WITH_ALL_QUESTIONS = _OWN_ATTEMPT.options(
    joinedload(Attempt.version).selectinload(ModuleVersion.questions),
    joinedload(Attempt.module),
    selectinload(Attempt.answers),
)
# A page's questions, each beside this attempt's answer to it if there is one: a page reads only its own answers.
_PAGE_QUESTIONS = (
    select(Question, Answer)
    .outerjoin(Answer, (Answer.question_id == Question.id) & (Answer.attempt_id == bindparam("attempt_id")))
    .where(Question.version_id == bindparam("version_id"), Question.page == bindparam("page"))
    .order_by(Question.position)
)
# The same beside the attempt, its version and module, for a page's first query: one row per question on the page,
# or one row without a question for a page key the version does not have.
_OWN_ATTEMPT_ON_PAGE = (
    select(Attempt, Question, Answer)
    .outerjoin(Question, (Question.version_id == Attempt.version_id) & (Question.page == bindparam("page")))
    .outerjoin(Answer, (Answer.question_id == Question.id) & (Answer.attempt_id == Attempt.id))
    .where(Attempt.id == bindparam("attempt_id"), Attempt.user_id == bindparam("user_id"))
    .options(joinedload(Attempt.version), joinedload(Attempt.module))
    .order_by(Question.position)
)

PageQuestions = tuple[list[Question], dict[int, Answer]]


def own_attempt(user, attempt_id: int) -> Attempt:
    """Return one of this person's attempts with its version, its questions and answers; raise NotFound otherwise."""
    return found(db.session.scalar(_WITH_ALL_QUESTIONS, {"attempt_id": attempt_id, "user_id": user.id}))


def own_attempt_on_page(user, attempt_id: int, page_key: str) -> tuple[Attempt, PageQuestions]:
    """Return one of this person's attempts with its version, and the questions on one of its pages beside its
    answers to them (as page_questions does), in one query; raise NotFound if the attempt is not theirs.

    A page needs only its own questions and answers; its answers to other pages load only if a save needs them.
    """
    values = {"attempt_id": attempt_id, "user_id": user.id, "page": page_key}
    rows = db.session.execute(_OWN_ATTEMPT_ON_PAGE, values).all()
    attempt = found(rows[0][0] if rows else None)
    return attempt, _by_question([(question, answer) for _, question, answer in rows if question])


def page_questions(attempt: Attempt, page_key: str) -> PageQuestions:
    """Return the questions on one page of the attempt's version, in order, and the attempt's answers to them."""
    rows = db.session.execute(
        _PAGE_QUESTIONS, {"attempt_id": attempt.id, "version_id": attempt.version_id, "page": page_key}
    ).all()
    return _by_question(rows)


def _by_question(rows) -> PageQuestions:
    return [question for question, _ in rows], {question.id: answer for question, answer in rows if answer}


# An autosave reads what it needs as plain rows, then writes in a transaction of two statements: on SQLite every
# autosave waits for the one write lock, so the less it does while holding it, the more learners it serves.
# The attempt beside the version's written question with the posted key (None if there is no such question).
_ATTEMPT_BRIEF = (
    select(
        Attempt.id,
        Attempt.version_id,
        Attempt.state,
        Attempt.last_activity_at,
        Attempt.active_seconds,
        Question.id.label("written_question_id"),
    )
    .outerjoin(
        Question,
        (Question.version_id == Attempt.version_id)
        & (Question.key == bindparam("key"))
        & Question.kind.in_(TEXT_KINDS),
    )
    .where(Attempt.id == bindparam("attempt_id"), Attempt.user_id == bindparam("user_id"))
)
_attempts = Attempt.__table__
_ACTIVITY = (
    select(Attempt.last_activity_at, Attempt.active_seconds)
    .where(Attempt.id == bindparam("attempt_id"), Attempt.state != AttemptState.SUBMITTED)
    .with_for_update()
)
_SET_ACTIVITY = (
    update(_attempts)
    .where(_attempts.c.id == bindparam("of_attempt"))
    .values(last_activity_at=bindparam("now"), active_seconds=bindparam("seconds"))
)
# The activity written only if the attempt is still open and as it was read: else read again and count from there.
_SET_ACTIVITY_AS_READ = _SET_ACTIVITY.where(
    _attempts.c.state != AttemptState.SUBMITTED,
    _attempts.c.last_activity_at == bindparam("read_at"),
    _attempts.c.active_seconds == bindparam("read_seconds"),
)
_answers = Answer.__table__
_SET_TEXT = (
    update(_answers)
    .where(_answers.c.attempt_id == bindparam("of_attempt"), _answers.c.question_id == bindparam("of_question"))
    .values(text=bindparam("new_text"), updated_at=bindparam("now"))
)
_ADD_TEXT = _answers.insert().values(choices=[], tries=0)


def own_attempt_brief(user, attempt_id: int, question_key: str | None = None):
    """Return the id, version id, state and activity of one of this person's attempts, and the id of its version's
    question with this key if it takes a written answer (written_question_id, else None); raise NotFound otherwise."""
    values = {"attempt_id": attempt_id, "user_id": user.id, "key": question_key}
    return found(db.session.execute(_ATTEMPT_BRIEF, values).first())


class ReadActivity(Protocol):
    """An Attempt, or a row read with its activity (see own_attempt_brief)."""

    @property
    def id(self) -> int: ...

    @property
    def last_activity_at(self) -> datetime: ...

    @property
    def active_seconds(self) -> int: ...


def save_written_answer(
    connection: Connection, attempt: ReadActivity, question_id: int, text: str, now: datetime
) -> bool:
    """Store a written answer to an open attempt with the time spent, on this connection, in its transaction; say
    False if the attempt is submitted.

    The question must be one of the attempt's written questions, and the attempt's activity as read before (see
    own_attempt_brief): the time spent counts from it, unless another save or page changed it since, and then from
    what that one wrote. Only the connection is used, so this may run in a write shared with other requests
    (database.write_together).
    """
    if len(text) > MAX_ANSWER_LENGTH:
        raise ValueError("answer too long")
    seconds = active_seconds_after(attempt.last_activity_at, attempt.active_seconds, now)
    as_read = {"read_at": attempt.last_activity_at, "read_seconds": attempt.active_seconds}
    if not connection.execute(
        _SET_ACTIVITY_AS_READ, {"of_attempt": attempt.id, "now": now, "seconds": seconds, **as_read}
    ).rowcount:
        activity = connection.execute(_ACTIVITY, {"attempt_id": attempt.id}).first()
        if activity is None:
            return False
        seconds = active_seconds_after(activity.last_activity_at, activity.active_seconds, now)
        connection.execute(_SET_ACTIVITY, {"of_attempt": attempt.id, "now": now, "seconds": seconds})
    answer = {"of_attempt": attempt.id, "of_question": question_id, "new_text": text, "now": now}
    if not connection.execute(_SET_TEXT, answer).rowcount:
        connection.execute(
            _ADD_TEXT, {"attempt_id": attempt.id, "question_id": question_id, "text": text, "updated_at": now}
        )
    return True


class HasState(Protocol):
    """An Attempt, or a row read with its state (see own_attempt_brief)."""

    @property
    def state(self) -> str: ...


def is_open(attempt: HasState) -> bool:
    """Say whether the learner may still change this attempt's answers."""
    return attempt.state != AttemptState.SUBMITTED


def record_activity(attempt: Attempt, now: datetime) -> None:
    """Add the time since the last action to the active time, unless it was a break."""
    attempt.active_seconds = active_seconds_after(attempt.last_activity_at, attempt.active_seconds, now)
    attempt.last_activity_at = now


def active_seconds_after(last_activity_at: datetime, active_seconds: int, now: datetime) -> int:
    """Return the active time once an action at `now` is counted: the gap since the last one, unless a break."""
    gap = now - last_activity_at
    return active_seconds + int(gap.total_seconds()) if timedelta(0) < gap <= ACTIVE_GAP else active_seconds


def answers_by_question(attempt: Attempt) -> dict[int, Answer]:
    """Index an attempt's answers by question id."""
    return {answer.question_id: answer for answer in attempt.answers}


def answer_for(attempt: Attempt, question: Question) -> Answer:
    """Return the attempt's answer to a question, creating an empty one if needed."""
    answer = answers_by_question(attempt).get(question.id)
    if answer is None:
        answer = Answer(question=question, text="", choices=[], tries=0)
        attempt.answers.append(answer)
    return answer


def save_text(attempt: Attempt, question: Question, text: str) -> None:
    """Store a written answer exactly as typed."""
    if question.kind not in TEXT_KINDS or question.version_id != attempt.version_id:
        raise ValueError("not a written question of this attempt")
    if len(text) > MAX_ANSWER_LENGTH:
        raise ValueError("answer too long")
    answer_for(attempt, question).text = text


def save_rating(attempt: Attempt, question: Question, rating: int) -> None:
    """Store a 1 to 5 confidence rating."""
    answer_for(attempt, question).rating = rating


def check_knowledge(attempt: Attempt, question: Question, choices: list[str]) -> bool:
    """Record a knowledge-check answer, keeping the first answer as given; return whether it is right."""
    answer = answer_for(attempt, question)
    if answer.first_choices is None:
        answer.first_choices = sorted(choices)
    answer.choices = sorted(choices)
    answer.tries += 1
    return is_correct(question, answer)


def is_correct(question: Question, answer: Answer | None) -> bool:
    """Say whether an answer's current choices are exactly the right ones."""
    return answer is not None and bool(answer.choices) and sorted(answer.choices) == sorted(question.correct)


def is_answered(question: Question, answer: Answer | None) -> bool:
    """Say whether a question has an answer good enough to submit."""
    if answer is None:
        return False
    match QuestionKind(question.kind):
        case QuestionKind.REFLECTION | QuestionKind.ACTION_PLAN:
            return len(answer.text.strip()) >= max(question.min_length, 1)
        case QuestionKind.CONFIDENCE:
            return answer.rating is not None
        case QuestionKind.SINGLE_CHOICE | QuestionKind.MULTIPLE_CHOICE:
            return is_correct(question, answer)


def unanswered(attempt: Attempt) -> list[Question]:
    """Return the questions that still need an answer before the attempt can be submitted."""
    answers = answers_by_question(attempt)
    return [q for q in attempt.version.questions if not is_answered(q, answers.get(q.id))]


def submit_attempt(attempt: Attempt, now: datetime) -> Completion:
    """Submit an attempt once; a repeated submit returns the completion the first one wrote."""
    if unanswered(attempt):
        raise ValueError("attempt has unanswered questions")
    claimed = db.session.execute(
        update(Attempt)
        .where(Attempt.id == attempt.id, Attempt.state != AttemptState.SUBMITTED)
        .values(state=AttemptState.SUBMITTED, submitted_at=now)
    ).rowcount  # type: ignore[attr-defined]
    existing = completion_of(attempt)
    if existing or not claimed:
        db.session.refresh(attempt)
        return existing or _wait_for_completion(attempt)
    record_activity(attempt, now)
    completion = Completion(
        user_id=attempt.user_id,
        module_id=attempt.module_id,
        version_id=attempt.version_id,
        attempt_id=attempt.id,
        started_at=attempt.started_at,
        submitted_at=now,
        active_minutes=round(attempt.active_seconds / 60),
    )
    db.session.add(completion)
    db.session.flush()
    note_completion(completion.user_id, completion.module_id, now)
    db.session.refresh(attempt)
    record_event("attempt_submitted", attempt.user, attempt.user, completion, module=attempt.module.slug)
    return completion


def completion_of(attempt: Attempt) -> Completion | None:
    """Return the completion written when this attempt was first submitted."""
    return db.session.scalar(select(Completion).where(Completion.attempt_id == attempt.id))


def _wait_for_completion(attempt: Attempt) -> Completion:
    # Another request claimed the submit; its completion is visible once it commits.
    db.session.rollback()
    completion = completion_of(attempt)
    if completion is None:
        raise RuntimeError("attempt was submitted without a completion")
    return completion
