"""An attempt's answers as people read them: page by page, each beside its question."""

from dataclasses import dataclass

from quizapp.curriculum.pages import module_pages
from quizapp.models import Answer, Attempt, Question, QuestionKind
from quizapp.models.curriculum import CONFIDENCE_SCALE
from quizapp.records.attempts import answers_by_question, is_answered


@dataclass
class AnswerRow:
    question: Question
    answer: Answer | None
    shown: str
    answered: bool


@dataclass
class AnswerSection:
    """The questions of one page, under that page's title."""

    page_key: str
    title: str
    rows: list[AnswerRow]


def answer_sections(attempt: Attempt) -> list[AnswerSection]:
    """Return, page by page, every question of the attempt with its answer as people should see it."""
    answers = answers_by_question(attempt)
    sections = []
    for page in module_pages(attempt.version):
        rows = [
            AnswerRow(q, answers.get(q.id), shown_answer(q, answers.get(q.id)), is_answered(q, answers.get(q.id)))
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
            return chosen_options(question, answer.choices)


def chosen_options(question: Question, keys: list[str] | None) -> str:
    """Return the text of the chosen options of a knowledge check, one per line."""
    texts = {option["key"]: option["text"] for option in question.options}
    return "\n".join(texts[key] for key in keys or [] if key in texts)
