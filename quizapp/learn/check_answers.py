"""The rows of the "Check your answers" page."""

from dataclasses import dataclass

from quizapp.curriculum.pages import module_pages
from quizapp.learn.attempts import answers_by_question, is_answered
from quizapp.learn.forms import CONFIDENCE_SCALE
from quizapp.models import Answer, Attempt, Question, QuestionKind


@dataclass
class AnswerRow:
    question: Question
    shown: str
    answered: bool


@dataclass
class AnswerSection:
    """The questions of one page, under that page's title."""

    page_key: str
    title: str
    rows: list[AnswerRow]


def answer_sections(attempt: Attempt) -> list[AnswerSection]:
    """Return, page by page, every question of the attempt with its answer as the learner should see it."""
    answers = answers_by_question(attempt)
    sections = []
    for page in module_pages(attempt.version):
        rows = [
            AnswerRow(q, shown_answer(q, answers.get(q.id)), is_answered(q, answers.get(q.id)))
            for q in attempt.version.questions
            if q.page == page.key
        ]
        if rows:
            sections.append(AnswerSection(page.key, page.title, rows))
    return sections


def shown_answer(question: Question, answer: Answer | None) -> str:
    """Return an answer as text: what was written, the rating, or the options chosen."""
    if answer is None:
        return ""
    match QuestionKind(question.kind):
        case QuestionKind.REFLECTION | QuestionKind.ACTION_PLAN:
            return answer.text
        case QuestionKind.CONFIDENCE:
            return dict(CONFIDENCE_SCALE).get(str(answer.rating), "")
        case _:
            texts = {option["key"]: option["text"] for option in question.options}
            return "\n".join(texts[key] for key in answer.choices if key in texts)


def missing_message(question: Question) -> str:
    """Say what a question still needs before the module can be submitted."""
    match QuestionKind(question.kind):
        case QuestionKind.REFLECTION:
            return f"Answer “{question.prompt}” in at least {max(question.min_length, 1)} characters"
        case QuestionKind.ACTION_PLAN:
            return f"Answer “{question.prompt}” in your action plan"
        case QuestionKind.CONFIDENCE:
            return f"Rate your confidence: “{question.prompt}”"
        case _:
            return f"Answer the knowledge check “{question.prompt}” correctly"


def missing_errors(questions: list[Question]) -> tuple[list[dict], dict[int, str]]:
    """Return the error summary list and the message per question for unanswered questions."""
    messages = {q.id: missing_message(q) for q in questions}
    return [{"text": messages[q.id], "href": f"#row-{q.key}"} for q in questions], messages
