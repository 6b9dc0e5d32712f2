"""What the "Check your answers" page says about questions still to answer."""

from quizapp.models import Question, QuestionKind


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
