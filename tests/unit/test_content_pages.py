"""A module version's pages come in the order a learner works through them, each with a unique title."""

from pathlib import Path
from types import SimpleNamespace

import pytest

from quizapp.curriculum import module_pages, read_content
from quizapp.curriculum.loader import stored_document

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def versions() -> dict[str, SimpleNamespace]:
    """Stand-ins for loaded versions: just the stored document, by slug."""
    content, problems = read_content(ROOT / "content")
    assert not problems
    return {m.document.slug: SimpleNamespace(document=stored_document(m, content)) for m in content.modules}


def test_pages_run_from_confidence_through_case_messages_and_checks_to_the_action_plan(versions):
    pages = module_pages(versions["harry-local-authority-boundaries"])

    assert [page.key for page in pages] == [
        "confidence-before",
        "case",
        "message-boundaries",
        "check-kc-referral",
        "check-kc-other-authority",
        "check-kc-voice",
        "check-kc-monitoring",
        "check-kc-engagement",
        "confidence-after",
        "action-plan",
    ]
    assert [page.kind for page in pages] == [
        "confidence-before",
        "case",
        "message",
        *["check"] * 5,
        "confidence-after",
        "action-plan",
    ]


def test_every_page_title_is_unique_in_every_module(versions):
    for slug, version in versions.items():
        titles = [page.title for page in module_pages(version)]
        assert len(titles) == len(set(titles)), slug


def test_the_case_page_shows_summary_and_strengths_and_asks_nothing(versions):
    case = module_pages(versions["case-1-early-help-self-referral"])[1]

    assert case.kind == "case"
    assert case.question_keys == ()
    assert case.data["summary"].startswith("A mother referred herself to Early Help")
    assert case.data["strengths"][0]["heading"] == "Working in partnership with parents"


def test_a_message_page_carries_its_learning_questions_and_links(versions):
    pages = {page.key: page for page in module_pages(versions["case-3-infant-family-violence"])}
    thresholds = pages["message-thresholds"]

    assert thresholds.title == "Key message: Thresholds"
    assert thresholds.question_keys == ("thresholds-tool",)
    assert thresholds.data["message"]["theme"] == "thresholds"
    assert [r["key"] for r in thresholds.data["resources"]] == ["threshold-of-need", "escalation-policy"]
    assert thresholds.data["resources"][0] == {
        "key": "threshold-of-need",
        "title": "Threshold of need tool (City and Hackney)",
        "url": "http://www.chscb.org.uk/wp-content/uploads/2015/09/Thresholds-of-need-WEB-030915_Redacted.pdf",
    }


def test_confidence_is_asked_before_and_after_with_distinct_question_keys(versions):
    pages = module_pages(versions["case-2-father-imprisoned-silent-child"])
    before, after = pages[0], pages[-2]

    assert before.question_keys[0] == "confidence-before-notice-silent-child"
    assert after.question_keys[0] == "confidence-after-notice-silent-child"
    assert before.data["statements"] == after.data["statements"]
