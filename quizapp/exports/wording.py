"""Words and formats shared by the PDF and Word writers, so both say the same thing."""

import re
import unicodedata
from datetime import date

from quizapp.exports.documents import CpdConfidence, CpdFeedback, CpdModule, CpdRecord

CPD_TITLE = "CPD record: reflections on multi-agency case audit learning"
CPD_INTRO = (
    "This record holds my own reflections on learning from anonymised multi-agency case audits. "
    "It can be attached as evidence to a Social Work England CPD record or an NMC reflective account."
)
CPD_PRIVACY = "The cases are anonymised. Do not add anything that could identify a child, family or colleague."
NO_MODULES = "You have not written any reflections yet."
NOT_ANSWERED = "Not answered yet."
NO_ACTION_PLAN = "Not written yet."

MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

# XML 1.0 forbids most C0 controls; Word refuses them and PDFs would show boxes.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_BLANK_LINES = re.compile(r"\n\s*\n")


def long_date(day: date) -> str:
    """Return a date the GOV.UK way, such as 22 November 2026."""
    return f"{day.day} {MONTHS[day.month - 1]} {day.year}"


def duration(minutes: int) -> str:
    """Return a number of minutes in words, such as 1 hour 30 minutes."""
    hours, rest = divmod(max(minutes, 0), 60)
    parts = []
    if hours:
        parts.append(f"{hours} hour{'' if hours == 1 else 's'}")
    if rest or not hours:
        parts.append(f"{rest} minute{'' if rest == 1 else 's'}")
    return " ".join(parts)


def clean_text(text: str) -> str:
    """Return user text normalised to NFC, with line endings unified and control characters removed."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return _CONTROL.sub("", unicodedata.normalize("NFC", text))


def paragraphs(text: str) -> list[str]:
    """Split user text into paragraphs at blank lines, dropping empty ones."""
    return [part.strip() for part in _BLANK_LINES.split(clean_text(text)) if part.strip()]


def record_facts(record: CpdRecord) -> list[tuple[str, str]]:
    """Return the label and value pairs saying whose record it is and how much CPD it holds."""
    return [
        ("Name", record.learner_name),
        ("Profession", record.profession),
        ("Agency", record.agency),
        ("Date generated", long_date(record.generated_on)),
        ("Total CPD time", f"{duration(record.total_cpd_minutes)} (completed modules)"),
    ]


def module_heading(module: CpdModule) -> str:
    """Return the heading of a module, such as 'Case 1: the silent child (version 2)'."""
    return f"{module.title} (version {module.version_number})"


def module_status(module: CpdModule) -> str:
    """Return 'Completed on 22 November 2026' or 'In progress'."""
    if module.completed_on is None:
        return "In progress"
    return f"Completed on {long_date(module.completed_on)}"


def module_facts(module: CpdModule) -> list[tuple[str, str]]:
    """Return the label and value pairs shown under a module heading."""
    facts = [
        ("Status", module_status(module)),
        ("CPD time", duration(module.cpd_minutes)),
    ]
    if module.themes:
        facts.append(("Themes", ", ".join(module.themes)))
    return facts


def knowledge_summary(score: tuple[int, int] | None) -> str | None:
    """Return the knowledge-check result in words, or None when there is none to report."""
    if score is None or score[1] <= 0:
        return None
    right, total = score
    return f"{right} out of {total} questions answered correctly."


def rating(value: int | None) -> str:
    """Return a 1 to 5 confidence rating in words."""
    return "Not rated" if value is None else f"{value} out of 5"


def confidence_rows(confidence: list[CpdConfidence]) -> list[tuple[str, str, str]]:
    """Return statement, before and after for each confidence statement."""
    return [(item.statement, rating(item.before), rating(item.after)) for item in confidence]


def feedback_byline(feedback: CpdFeedback) -> str:
    """Return who gave feedback and when."""
    return f"Feedback from {feedback.author}, {long_date(feedback.given_on)}"
