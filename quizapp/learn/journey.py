"""Moving through a module's pages and saving what each page's form holds."""

from dataclasses import dataclass
from datetime import datetime

from quizapp.curriculum.feedback import CheckFeedback, check_feedback
from quizapp.curriculum.pages import Page, PageKind, module_pages
from quizapp.curriculum.roles import role_name, role_prompt
from quizapp.learn.forms import PageForm, build_page_form, field_name, is_answer_field, question_fields, storable
from quizapp.models import Answer, Attempt, Question, QuestionKind, found
from quizapp.models.curriculum import MAX_ANSWER_LENGTH, TEXT_KINDS
from quizapp.records.answers import chosen_options
from quizapp.records.attempts import (
    PageQuestions,
    answers_by_question,
    check_knowledge,
    is_correct,
    page_questions,
    record_activity,
    save_rating,
    save_text,
)

CHECK_ANSWERS = "check-answers"
EXPIRED_FORM = (
    "Your answers on this page have not been saved yet because the page had expired. "
    "Check them and select Save and continue."
)
NOT_ON_PAGE = "Your answers could not be saved because the form had been changed. Reload the page and try again."


@dataclass
class PageView:
    """One page of an attempt: where it sits among the pages, its questions and its form."""

    attempt: Attempt
    pages: list[Page]
    page: Page
    questions: list[Question]
    form: PageForm
    # The attempt's answers to this page's questions, by question id; kept up to date by save_page.
    answers: dict[int, Answer]

    @property
    def number(self) -> int:
        return self.pages.index(self.page) + 1

    @property
    def previous(self) -> Page | None:
        return self.pages[self.number - 2] if self.number > 1 else None

    @property
    def next_key(self) -> str:
        return self.pages[self.number].key if self.number < len(self.pages) else CHECK_ANSWERS

    @property
    def has_errors(self) -> bool:
        """Say whether any question on the page has an error; an expired token is reported apart."""
        return any(name != "csrf_token" for name in self.form.errors)

    @property
    def fields(self):
        return question_fields(self.form, self.questions)

    def check_result(self) -> bool | None:
        """Say whether this knowledge-check page's saved answer is right, or None if unanswered."""
        if self.page.kind != PageKind.CHECK:
            return None
        question = self.questions[0]
        answer = self.answers.get(question.id)
        return is_correct(question, answer) if answer and answer.choices else None

    def check_feedback(self) -> CheckFeedback | None:
        """Return what the learner is told about their saved knowledge-check answer, or None if unanswered."""
        if self.check_result() is None:
            return None
        question = self.questions[0]
        answer = self.answers[question.id]
        return check_feedback(question.options, question.correct, question.explanation, answer.choices, answer.tries)

    def chosen_options(self) -> list[str]:
        """Return the text of each option the learner chose on this knowledge-check page."""
        question = self.questions[0]
        answer = self.answers.get(question.id)
        return chosen_options(question, answer.choices if answer else []).splitlines()

    @property
    def role_prompt(self) -> str:
        """Return the prompt this key message holds for the learner's chosen role."""
        return role_prompt(self.page.data["message"], self.attempt.role) if self.page.kind == PageKind.MESSAGE else ""

    @property
    def role_name(self) -> str:
        return role_name(self.attempt.role)


def page_view(attempt: Attempt, page_key: str, read: PageQuestions | None = None) -> PageView:
    """Return the page with this key in the attempt's module version; raise NotFound otherwise.

    read: the page's questions and answers if they were read with the attempt (own_attempt_on_page).
    """
    pages = module_pages(attempt.version)
    page = found(next((p for p in pages if p.key == page_key), None))
    questions, answers = read or page_questions(attempt, page.key)
    form = build_page_form(questions, answers, attempt.id)
    return PageView(attempt, pages, page, questions, form, answers)


def resume_key(attempt: Attempt) -> str:
    """Return the page a learner left off at."""
    return attempt.current_page or module_pages(attempt.version)[0].key


@dataclass
class SaveResult:
    """What happened when a page was posted."""

    saved: bool
    complete: bool
    notice: str | None = None


def save_page(view: PageView, unexpected_fields: list[str], now: datetime, staying: bool = False) -> SaveResult:
    """Save everything on a page that can be saved; say whether the page is complete."""
    form = view.form
    valid = form.validate()
    if form.csrf_token.errors:
        return SaveResult(saved=False, complete=False, notice=EXPIRED_FORM)
    if unexpected_fields:
        return SaveResult(saved=False, complete=False, notice=NOT_ON_PAGE)
    if _has_unsaveable(view):
        return SaveResult(saved=False, complete=False)
    right_answer = _store(view)
    view.answers = answers_by_question(view.attempt)
    record_activity(view.attempt, now)
    complete = valid and right_answer
    if complete and not staying:
        view.attempt.current_page = view.next_key
    else:
        view.attempt.current_page = view.page.key
    return SaveResult(saved=True, complete=complete)


def save_texts_only(view: PageView, now: datetime) -> bool:
    """Save a page's written answers when the learner's session ran out as they posted it."""
    view.form.validate()
    if view.form.csrf_token.errors or _has_unsaveable(view):
        return False
    for question, field in view.fields:
        if question.kind in TEXT_KINDS and storable(field.data):
            save_text(view.attempt, question, field.data or "")
    record_activity(view.attempt, now)
    view.attempt.current_page = view.page.key
    return True


def _has_unsaveable(view: PageView) -> bool:
    # A too-long answer or a tampered option means the post is not what the learner saw: store nothing.
    for question, field in view.fields:
        if question.kind in TEXT_KINDS and len(field.data or "") > MAX_ANSWER_LENGTH:
            return True
        if question.kind not in TEXT_KINDS and field.data and field.errors:
            return True
    return False


def _store(view: PageView) -> bool:
    right_answer = True
    for question, field in view.fields:
        match QuestionKind(question.kind):
            case QuestionKind.REFLECTION | QuestionKind.ACTION_PLAN if storable(field.data):
                save_text(view.attempt, question, field.data or "")
            case QuestionKind.CONFIDENCE if field.data:
                save_rating(view.attempt, question, int(field.data))
            case QuestionKind.SINGLE_CHOICE if field.data:
                right_answer = check_knowledge(view.attempt, question, [field.data])
            case QuestionKind.MULTIPLE_CHOICE if field.data:
                right_answer = check_knowledge(view.attempt, question, list(field.data))
    return right_answer


def unexpected_fields(view: PageView, form_keys) -> list[str]:
    """Return posted answer fields that do not belong to this page."""
    expected = {field_name(q) for q in view.questions}
    return [key for key in form_keys if is_answer_field(key) and key not in expected]
