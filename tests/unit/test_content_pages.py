"""A module version's pages come in the order a learner works through them, each with a unique title."""

import copy
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
        "outcome",
        "message-boundaries",
        "check-kc-boundary-first-step",
        "check-kc-school-choice",
        "check-kc-annual-review",
        "check-kc-strengths",
        "check-kc-monitoring",
        "confidence-after",
        "action-plan",
    ]
    assert [page.kind for page in pages] == [
        "confidence-before",
        "case",
        "outcome",
        "message",
        *["check"] * 5,
        "confidence-after",
        "action-plan",
    ]


def test_every_page_title_is_unique_in_every_module(versions):
    for slug, version in versions.items():
        titles = [page.title for page in module_pages(version)]
        assert len(titles) == len(set(titles)), slug


def test_the_case_page_pauses_to_ask_what_next_before_the_outcome_page_says_what_happened(versions):
    case, outcome = module_pages(versions["case-1-early-help-self-referral"])[1:3]

    assert case.kind == "case"
    assert case.question_keys == ("pause-next-step",)
    assert case.data["summary"].startswith("A mother referred herself to Early Help")
    assert case.data["strengths"] == []
    assert outcome.question_keys == ()
    assert outcome.data["strengths"][0]["heading"] == "Working in partnership with parents"
    assert outcome.data["improvements"][0]["heading"] == "Fathers and significant others"


def test_the_case_page_carries_the_currency_note_and_current_sources(versions):
    case = module_pages(versions["case-3-infant-family-violence"])[1]

    assert "Working Together to Safeguard Children 2023" in case.data["currency_note"]
    assert "Domestic Abuse Act 2021" in case.data["currency_note"]
    assert [r["key"] for r in case.data["currency_resources"]] == [
        "london-procedures",
        "working-together-2023",
        "domestic-abuse-act-2021",
        "information-sharing-advice-2024",
    ]


def test_every_module_has_a_currency_note_naming_the_changes_since_its_briefing(versions):
    for slug, version in versions.items():
        note = version.document["currency"]["note"]
        assert "Partnership in 2019" in note, slug
        assert "integrated care boards (ICBs) in July 2022" in note, slug
        assert "Working Together to Safeguard Children 2023" in note, slug


def test_option_keys_in_the_stored_document_reveal_nothing(versions):
    for slug, version in versions.items():
        for check in version.document["knowledge_check"]:
            keys = [option["key"] for option in check["options"]]
            assert len(set(keys)) == len(keys), (slug, check["key"])
            assert all(len(key) == 8 for key in keys), (slug, check["key"], keys)


def test_a_message_page_carries_its_learning_questions_and_links(versions):
    pages = {page.key: page for page in module_pages(versions["case-3-infant-family-violence"])}
    thresholds = pages["message-thresholds"]

    assert thresholds.title == "Key message: Thresholds"
    assert thresholds.question_keys == ("thresholds-tool", "thresholds-practice")
    assert thresholds.data["message"]["theme"] == "thresholds"
    assert [r["key"] for r in thresholds.data["resources"]] == ["threshold-of-need", "escalation-policy"]
    assert thresholds.data["resources"][0] == {
        "key": "threshold-of-need",
        "title": "City of London Threshold of Need tool",
        "url": "http://www.chscb.org.uk/wp-content/uploads/2015/09/Thresholds-of-need-WEB-030915_Redacted.pdf",
        "note": "The version the briefing named. Check the partnership's website for the current threshold document.",
    }


def test_confidence_is_asked_before_and_after_with_distinct_question_keys(versions):
    pages = module_pages(versions["case-2-father-imprisoned-silent-child"])
    before, after = pages[0], pages[-2]

    assert before.question_keys[0] == "confidence-before-notice-silent-child"
    assert after.question_keys[0] == "confidence-after-notice-silent-child"
    assert before.data["statements"] == after.data["statements"]


def first_edition(document: dict) -> dict:
    """Return a stored document as versions loaded before content v2 hold it."""
    old = copy.deepcopy(document)
    for key in ("currency", "pause_point", "improvements"):
        del old[key]
    for message in old["key_messages"]:
        del message["role_prompts"]
    for check in old["knowledge_check"]:
        for option in check["options"]:
            del option["feedback"]
    del old["action_plan"]["discuss_with"], old["action_plan"]["by_when"]
    return old


def test_versions_loaded_before_pause_points_keep_their_pages(versions):
    old = SimpleNamespace(document=first_edition(versions["harry-local-authority-boundaries"].document))

    pages = module_pages(old)

    assert [page.key for page in pages[:3]] == ["confidence-before", "case", "message-boundaries"]
    assert pages[1].title == "The case and what went well"
    assert pages[1].question_keys == ()
    assert pages[1].data["strengths"][0]["heading"] == "The right services for a settled family"
    assert pages[-1].question_keys == ("action-plan",)
