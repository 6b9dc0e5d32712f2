"""The content check refuses knowledge checks that give the answer away and pages that ask for padding."""

from pathlib import Path

from quizapp.curriculum import read_content
from quizapp.curriculum.readability import flesch_reading_ease, readability, sentences, syllables
from tests.conftest import ROOT, edit

HARRY = "modules/harry-local-authority-boundaries.yaml"


def problems_in(content: Path) -> list[str]:
    return [str(problem) for problem in read_content(content)[1]]


def line_of(path: Path, needle: str) -> int:
    text = path.read_text(encoding="utf-8")
    return text[: text.index(needle)].count("\n") + 1


def test_a_module_whose_right_answer_is_usually_the_longest_is_refused(content):
    edit(
        content / HARRY,
        "        text: Through his EHCP\n",
        "        text: Through his Education, Health and Care Plan, reviewed with him and his family every year\n",
    )

    line = line_of(content / HARRY, "knowledge_check:")
    assert problems_in(content) == [
        f"content/{HARRY}:{line}: knowledge_check: the correct option is the longest in 2 of 3 single-choice "
        "checks; a learner could pass by picking the longest answer (make it the longest in half or fewer)"
    ]


def test_a_module_whose_multiple_choice_checks_all_have_the_same_number_of_right_answers_is_refused(content):
    edit(
        content / HARRY,
        "        text: His view about which school to attend was heard\n        correct: true\n",
        "        text: His view about which school to attend was heard\n        feedback: It was, in fact.\n",
    )

    [problem] = problems_in(content)
    assert problem.endswith(
        "knowledge_check: every multiple-choice check has 2 correct options; vary the number so it gives nothing away"
    )


def test_a_wrong_option_without_feedback_is_refused(content):
    edit(content / HARRY, "        feedback: The briefing does not say his GP monitors his progress.\n", "")

    [problem] = problems_in(content)
    assert problem.endswith(
        "knowledge_check[4].options: every wrong option needs feedback saying why it is wrong; missing for: b"
    )


def test_a_key_message_page_needs_exactly_one_question_asking_for_a_thoughtful_answer(content):
    edit(content / HARRY, "        min_length: 80\n", "")

    line = line_of(content / HARRY, "    questions:\n      - key: boundaries-alert")
    assert problems_in(content) == [
        f"content/{HARRY}:{line}: key_messages[0].questions: exactly one question on a key message page needs "
        "a min_length, not 0"
    ]


def test_a_key_message_needs_a_prompt_for_every_role(content):
    edit(
        content / HARRY,
        "      police: >-\n        When you attend a family near a boundary, how do you make sure the right local "
        "authority hears\n        about your concerns?\n",
        "",
    )

    [problem] = problems_in(content)
    assert problem.endswith("key_messages[0].role_prompts: needs a prompt for every role; missing: police")


def test_an_unknown_role_is_refused(content):
    edit(content / HARRY, "      voluntary-sector: >-", "      volunteers: >-")

    [problem] = problems_in(content)
    assert "key_messages[0].role_prompts: unknown role 'volunteers'" in problem


def test_a_module_needs_a_currency_note(content):
    text = (content / HARRY).read_text(encoding="utf-8")
    start, end = text.index("currency:\n"), text.index("pause_point:\n")
    (content / HARRY).write_text(text[:start] + text[end:], encoding="utf-8")

    [problem] = problems_in(content)
    assert problem == f"content/{HARRY}:1: currency: is required but missing"


def test_syllables_are_counted_by_vowel_groups():
    assert [syllables(word) for word in ("the", "child", "family", "escalate", "reading", "table")] == [
        1,
        1,
        3,
        3,
        2,
        2,
    ]


def test_short_plain_sentences_read_more_easily_than_long_latinate_ones():
    plain = "The child was seen. Her mother was there. They talked about school."
    dense = (
        "Multi-agency consideration of intergenerational vulnerabilities necessitates comprehensive "
        "interprofessional communication regarding organisational responsibilities."
    )

    assert flesch_reading_ease(plain) > 80
    assert flesch_reading_ease(dense) < 0


def test_list_items_and_paragraphs_count_as_sentences():
    assert sentences("Intro:\n\n- one thing\n- another thing\n\nLast part.") == [
        "Intro:",
        "one thing",
        "another thing",
        "Last part.",
    ]


def test_every_real_module_reads_at_60_or_more_with_no_sentence_over_35_words():
    content, problems = read_content(ROOT / "content")

    assert problems == []
    for source in content.modules:
        figures = readability(source.document)
        assert figures.ease >= 60, figures.line()
        assert figures.long_sentences == [], figures.line()


def test_every_real_module_keeps_its_knowledge_checks_fair():
    content, _ = read_content(ROOT / "content")

    for source in content.modules:
        checks = source.document.knowledge_check
        multiple = [sum(o.correct for o in c.options) for c in checks if c.kind == "multiple"]
        assert len(multiple) >= 2 and len(set(multiple)) > 1, source.document.slug
        assert all(o.feedback for c in checks for o in c.options if not o.correct), source.document.slug
