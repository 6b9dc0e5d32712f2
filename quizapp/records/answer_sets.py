"""Many people's answers to one question, side by side and anonymised, for preparing group learning."""

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Select, and_, false, func, select
from sqlalchemy.orm import aliased, joinedload, lazyload

from quizapp.extensions import db
from quizapp.models import Agency, Answer, Attempt, AttemptState, Module, ModuleVersion, Question, User, found
from quizapp.models.curriculum import TEXT_KINDS
from quizapp.people.audit import record_event
from quizapp.people.data_rights import ERASED_NAME
from quizapp.records.paging import page_window
from quizapp.records.review import WhoFilter, filter_by_who

PAGE_SIZE = 20
AGENCY_HEADINGS = {"none": None, "kind": "Kind of agency", "agency": "Agency"}


@dataclass
class ModuleQuestions:
    version: ModuleVersion
    questions: list[tuple[Question, int]]


def questions_with_answer_counts(modules: list[Module]) -> list[ModuleQuestions]:
    """Return each module's written questions with how many submitted answers each has, across versions."""
    # A submitted attempt has an answer to every question of its version (submitting needs them all), so a
    # question's answers are the submitted attempts of the versions asking it: counted from the attempts' index,
    # never by reading the answers.
    submitted = (
        select(Attempt.version_id, func.count().label("attempts"))
        .where(Attempt.state == AttemptState.SUBMITTED, _not_erased())
        .group_by(Attempt.version_id)
        .subquery()
    )
    counted = (
        select(ModuleVersion.module_id, Question.key, Question.prompt, func.sum(submitted.c.attempts))
        .join(ModuleVersion, ModuleVersion.id == Question.version_id)
        .join(submitted, submitted.c.version_id == Question.version_id)
        .where(Question.kind.in_(TEXT_KINDS))
        .group_by(ModuleVersion.module_id, Question.key, Question.prompt)
    )
    counts = {(m, k, p): _count(n) for m, k, p, n in db.session.execute(counted)}
    current = {m.current_version_id for m in modules}
    questions: dict[int, list[Question]] = {}
    for question in db.session.scalars(
        select(Question)
        .where(Question.version_id.in_(current), Question.kind.in_(TEXT_KINDS))
        .order_by(Question.position)
    ):
        questions.setdefault(question.version_id, []).append(question)
    return [
        ModuleQuestions(
            m.current_version,
            [(q, counts.get((m.id, q.key, q.prompt), 0)) for q in questions.get(m.current_version.id, [])],
        )
        for m in modules
    ]


def written_question(question_id: int) -> Question:
    """Return a written question with its version and module; raise NotFound otherwise."""
    return found(
        db.session.scalar(
            select(Question)
            .where(Question.id == question_id, Question.kind.in_(TEXT_KINDS))
            .options(joinedload(Question.version).joinedload(ModuleVersion.module))
        )
    )


def _same_question(question: Question):
    # The same key and wording in any version of the module: answers a trainer can read together.
    same = aliased(Question)
    return (
        select(same.id)
        .join(ModuleVersion, ModuleVersion.id == same.version_id)
        .where(
            ModuleVersion.module_id == question.version.module_id,
            same.key == question.key,
            same.prompt == question.prompt,
        )
    )


def _not_erased():
    # Erasing a person deletes their answers but keeps their completed attempts, under an inactive stand-in.
    stand_ins = select(User.id).where(User.name == ERASED_NAME, User.active == false())
    return Attempt.user_id.not_in(stand_ins)


def _answering_attempts(question_ids, who: WhoFilter) -> Select:
    # Submitting needs every question answered, so the submitted attempts of the versions asking the question
    # are those with an answer to it: found and counted within the attempts' index, the answers read for a page.
    versions = select(Question.version_id).where(Question.id.in_(question_ids))
    query = select(Attempt.id).where(
        Attempt.state == AttemptState.SUBMITTED, Attempt.version_id.in_(versions), _not_erased()
    )
    return filter_by_who(query, who)


@dataclass
class AnswerCard:
    answer: Answer
    attempt: Attempt
    learner: User
    name_shown: bool = False


@dataclass
class QuestionAnswers:
    question: Question
    cards: list[AnswerCard]
    total: int
    page: int
    pages: int
    revealed: list[AnswerCard] = field(default_factory=list)


def question_answers(trainer: User, question_id: int, who: WhoFilter, reveal: int | None = None) -> QuestionAnswers:
    """Return one page of the submitted answers to a question, names hidden unless one is revealed (audited)."""
    question = written_question(question_id)
    same = _same_question(question)
    attempts = _answering_attempts(same, who)
    total = db.session.scalar(select(func.count()).select_from(attempts.subquery())) or 0
    window = page_window(total, who.page, PAGE_SIZE)
    order = window.order(oldest_first=False)
    query = (
        select(Answer, Attempt, User)
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .join(User, User.id == Attempt.user_id)
        .where(
            Answer.question_id.in_(same),
            Answer.text != "",
            Answer.attempt_id.in_(attempts.order_by(*order).limit(window.take).offset(window.skip)),
        )
        .options(joinedload(User.agency), lazyload(User.role_rows))
        .order_by(*order)
    )
    cards = [AnswerCard(answer, attempt, learner) for answer, attempt, learner in db.session.execute(query)]
    if window.from_end:
        cards.reverse()
    page, pages = window.page, window.pages
    record_event("question_answers_viewed", trainer, obj=question, module=question.version.module.slug, page=page)
    result = QuestionAnswers(question, cards, total, page, pages)
    for card in cards:
        if card.answer.id == reveal:
            card.name_shown = True
            result.revealed.append(card)
            record_event("name_revealed", trainer, card.learner, card.answer, question=question.key)
    return result


@dataclass
class AnonymisedExport:
    """An anonymised table of written answers: a title for the file, its header and its rows as they stream."""

    name: str
    header: list[str]
    rows: Iterator[tuple]


def anonymised_answers(
    trainer: User,
    *,
    question: Question | None = None,
    module: Module | None = None,
    agency_level="none",
    profession=False,
) -> AnonymisedExport:
    """Return the written answers to a question or a module with no names or e-mail addresses; audited."""
    if question is not None:
        question_ids = _same_question(question)
        subject, name = question, f"{question.version.module.slug}-{question.key}"
    else:
        module = found(module)
        question_ids = (
            select(Question.id)
            .join(ModuleVersion, ModuleVersion.id == Question.version_id)
            .where(ModuleVersion.module_id == module.id, Question.kind.in_(TEXT_KINDS))
        )
        subject, name = module, module.slug
    record_event("answers_exported", trainer, obj=subject, agency_level=agency_level, profession=profession, name=name)
    header = ["Reference", "Module", "Version", "Question", "Answer", "Submitted on"]
    if heading := AGENCY_HEADINGS[agency_level]:
        header.append(heading)
    if profession:
        header.append("Profession")
    return AnonymisedExport(name, header, _rows(question_ids, agency_level, profession))


def _rows(question_ids, agency_level: str, profession: bool) -> Iterator[tuple]:
    query = (
        select(
            ModuleVersion.title,
            ModuleVersion.number,
            Question.prompt,
            Answer.text,
            Attempt.submitted_at,
            Agency.name,
            Agency.kind,
            User.profession,
        )
        .join(Attempt, Attempt.id == Answer.attempt_id)
        .join(Question, Question.id == Answer.question_id)
        .join(ModuleVersion, ModuleVersion.id == Question.version_id)
        .join(User, User.id == Attempt.user_id)
        .outerjoin(Agency, and_(Agency.id == User.agency_id))
        .where(Answer.question_id.in_(question_ids), Attempt.state == AttemptState.SUBMITTED, Answer.text != "")
        .order_by(Question.position, Attempt.submitted_at, Answer.id)
        .execution_options(yield_per=500)
    )
    for number, (title, version, prompt, text, submitted_at, agency, kind, job) in enumerate(
        db.session.execute(query), start=1
    ):
        row: list = [f"A{number}", title, version, prompt, text, submitted_at.date() if submitted_at else None]
        if agency_level == "kind":
            row.append(kind or "")
        elif agency_level == "agency":
            row.append(agency or "")
        if profession:
            row.append(job or "")
        yield tuple(row)


def _count(value: Any) -> int:
    return int(value or 0)
