"""The ordered pages of a module version, derived from its stored document."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any, Protocol


class HasDocument(Protocol):
    document: Mapping[str, Any]


# The action plan's questions: a SMART action, who the learner will discuss it with, and when.
class PageKind(StrEnum):
    CONFIDENCE_BEFORE = "confidence-before"
    CASE = "case"
    OUTCOME = "outcome"
    MESSAGE = "message"
    CHECK = "check"
    CONFIDENCE_AFTER = "confidence-after"
    ACTION_PLAN = "action-plan"


ACTION_PLAN_KEYS = ("action-plan", "action-plan-discuss", "action-plan-when")


@dataclass(frozen=True)
class Page:
    """One page a learner sees: its key (as in Question.page), unique title, kind and what to render."""

    key: str
    title: str
    kind: PageKind
    data: Mapping[str, Any] = field(default_factory=dict, hash=False)
    question_keys: tuple[str, ...] = ()


# A loaded version never changes, so its pages are built once per process. Keyed by id and source hash:
# a database that reuses an id for other content (tests, a restored backup) gets its own entry.
_pages_by_version: dict[tuple[int, str], list[Page]] = {}


def module_pages(version: HasDocument) -> list[Page]:
    """Return a version's pages in the order a learner works through them."""
    key = (getattr(version, "id", None), getattr(version, "source_hash", None))
    if None in key:
        return document_pages(version.document)
    pages = _pages_by_version.get(key)  # type: ignore[arg-type]
    if pages is None:
        pages = _pages_by_version[key] = document_pages(version.document)  # type: ignore[index]
    return pages


def document_pages(document: Mapping[str, Any]) -> list[Page]:
    """Return the pages of a stored module document: confidence, case, outcome, messages, checks, confidence, plan."""
    checks = document["knowledge_check"]
    return [
        _confidence_page(document, "before", "Before you start: how confident are you?"),
        *_case_pages(document),
        *(_message_page(message, document.get("links", {})) for message in document["key_messages"]),
        *(_check_page(check, number, len(checks)) for number, check in enumerate(checks, start=1)),
        _confidence_page(document, "after", "Now you have finished: how confident are you?"),
        _action_plan_page(document),
    ]


def _confidence_page(document: Mapping[str, Any], when: str, title: str) -> Page:
    statements = document["confidence"]
    keys = tuple(f"confidence-{when}-{s['key']}" for s in statements)
    return Page(f"confidence-{when}", title, PageKind(f"confidence-{when}"), {"statements": statements}, keys)


def _case_pages(document: Mapping[str, Any]) -> list[Page]:
    if "pause_point" not in document:
        # Versions loaded before pause points showed the case and its strengths on one page, and still do.
        data = {
            **_case_data(document),
            "strengths": document["strengths"],
            "currency_note": "",
            "currency_resources": [],
        }
        return [Page("case", "The case and what went well", PageKind.CASE, data)]
    return [_case_page(document), _outcome_page(document)]


def _case_data(document: Mapping[str, Any]) -> dict[str, Any]:
    return {"summary": document["summary"], "source": document["source"], "strengths": []}


def _case_page(document: Mapping[str, Any]) -> Page:
    # The pause point comes before the outcome page so the learner decides before being told.
    links = document.get("links", {})
    currency = document["currency"]
    data = {
        **_case_data(document),
        "pause_point": document["pause_point"],
        "currency_note": currency["note"],
        "currency_resources": [{"key": key, **links[key]} for key in currency["resources"] if key in links],
    }
    return Page("case", "The case: what would you do next?", PageKind.CASE, data, (document["pause_point"]["key"],))


def _outcome_page(document: Mapping[str, Any]) -> Page:
    data = {"strengths": document["strengths"], "improvements": document["improvements"]}
    return Page("outcome", "What went well and what needed to improve", PageKind.OUTCOME, data)


def _message_page(message: Mapping[str, Any], links: Mapping[str, Any]) -> Page:
    resources = [{"key": key, **links[key]} for key in message["resources"] if key in links]
    keys = tuple(q["key"] for q in message["questions"])
    data = {"message": message, "resources": resources}
    return Page(f"message-{message['key']}", f"Key message: {message['title']}", PageKind.MESSAGE, data, keys)


def _check_page(check: Mapping[str, Any], number: int, total: int) -> Page:
    title = f"Knowledge check {number} of {total}"
    return Page(f"check-{check['key']}", title, PageKind.CHECK, {"check": check}, (check["key"],))


def _action_plan_page(document: Mapping[str, Any]) -> Page:
    plan = document["action_plan"]
    # Versions loaded before the three-part plan asked only the first question.
    keys = ACTION_PLAN_KEYS if "discuss_with" in plan else ACTION_PLAN_KEYS[:1]
    return Page("action-plan", "Your action plan", PageKind.ACTION_PLAN, {"action_plan": plan}, keys)
