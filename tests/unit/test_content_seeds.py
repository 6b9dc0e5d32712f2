"""Every reflective question in the seed briefings appears, faithfully, in the modules for its cases."""

import os
import re
from pathlib import Path

import pytest

from quizapp.curriculum import read_content

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
FIRST, SECOND = "000_274b9510f7383f38.txt", "001_b27098fb0dfcad56.txt"
CASE_1, CASE_2, CASE_3 = (
    "case-1-early-help-self-referral",
    "case-2-father-imprisoned-silent-child",
    "case-3-infant-family-violence",
)
FELIX, GABRIELE, HARRY = (
    "felix-disability-family-pressures",
    "gabriele-life-limiting-condition",
    "harry-local-authority-boundaries",
)

# Briefing 000's key messages are shared across its three cases; each names the cases it concerns.
# Information sharing names no case, so it goes to all three.
FIRST_SECTIONS = {
    "Escalation and Challenge": {CASE_2, CASE_3},
    "Fathers and/or Significant Others": {CASE_1, CASE_2, CASE_3},
    "Information Sharing": {CASE_1, CASE_2, CASE_3},
    "Safety Planning in response to DV": {CASE_3},
    "The ‘Silent’ Child": {CASE_2},
    "Thresholds": {CASE_3},
}
# Briefing 001 gives each case its own section of key messages.
SECOND_SECTIONS = {"Case 1 (Felix*)": {FELIX}, "Case 2 (Gabriele*)": {GABRIELE}, "Case 3 (Harry*)": {HARRY}}

STOP_WORDS = {
    "a",
    "an",
    "and",
    "are",
    "as",
    "at",
    "be",
    "can",
    "do",
    "does",
    "for",
    "from",
    "has",
    "have",
    "here",
    "how",
    "if",
    "in",
    "into",
    "is",
    "it",
    "its",
    "not",
    "of",
    "on",
    "or",
    "so",
    "that",
    "the",
    "their",
    "them",
    "there",
    "these",
    "they",
    "this",
    "those",
    "to",
    "was",
    "were",
    "what",
    "when",
    "where",
    "which",
    "who",
    "will",
    "with",
    "would",
    "you",
    "your",
}
# Typos in the briefings that the modules tidy.
TIDIED = {"sense of identify": "sense of identity"}
# Share of a seed question's key words that a module's prompt must contain to count as the same question.
MATCH = 0.7


def key_words(text: str) -> set[str]:
    """Return the meaningful words of a question, singular and lower case."""
    words = re.findall(r"[a-z]+", text.lower().replace("’", "'"))
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words if w not in STOP_WORDS}


def overlap(seed_question: str, prompt: str) -> float:
    wanted = key_words(seed_question)
    return len(wanted & key_words(prompt)) / len(wanted)


def seed_questions(text: str, sections: dict[str, set[str]]) -> list[tuple[str, set[str]]]:
    """Return every sentence ending in '?' in a briefing, with the modules its section concerns."""
    flat = " ".join(text.replace("e.g.", "eg").split())
    for typo, tidied in TIDIED.items():
        flat = flat.replace(typo, tidied)
    starts = sorted((flat.index(heading), modules) for heading, modules in sections.items())
    found = []
    for match in re.finditer(r"[^.?!]*\?", flat):
        concerned = [modules for start, modules in starts if start < match.start()]
        assert concerned, f"question before any known section: {match.group()!r}"
        found.append((match.group().strip(), concerned[-1]))
    return found


@pytest.fixture(scope="module")
def prompts() -> dict[str, list[str]]:
    """Each module's reflective questions, prompt and hint together, by slug."""
    content, problems = read_content(ROOT / "content")
    assert not problems
    return {
        m.document.slug: [f"{q.prompt} {q.hint}" for message in m.document.key_messages for q in message.questions]
        for m in content.modules
    }


def require_seeds() -> None:
    """Skip, saying why, in a clone without the briefings beside it; fail instead where they are required."""
    if SEEDS.is_dir():
        return
    message = f"the seed briefings are not beside this clone: expected them in {SEEDS}"
    if os.environ.get("QUIZAPP_REQUIRE_SEEDS"):
        pytest.fail(message)
    pytest.skip(message)


def all_seed_questions() -> list[tuple[str, str, set[str]]]:
    require_seeds()
    return [
        (name, question, modules)
        for name, sections in ((FIRST, FIRST_SECTIONS), (SECOND, SECOND_SECTIONS))
        for question, modules in seed_questions((SEEDS / name).read_text(encoding="utf-8"), sections)
    ]


def test_the_seed_briefings_hold_the_reflective_questions_we_expect():
    counts = {name: sum(1 for seed, _, _ in all_seed_questions() if seed == name) for name in (FIRST, SECOND)}

    assert counts == {FIRST: 13, SECOND: 23}


def seed_params() -> list[tuple[str, str, set[str]]]:
    # Without the seeds, collection still succeeds and the one test below fails saying why.
    return all_seed_questions() if SEEDS.is_dir() else [("missing", "the seed briefings are missing", set())]


@pytest.mark.parametrize(
    ("seed", "question", "modules"), seed_params(), ids=lambda value: value[:50] if isinstance(value, str) else None
)
def test_each_seed_question_appears_in_every_module_for_its_cases(prompts, seed, question, modules):
    require_seeds()
    for slug in sorted(modules):
        best = max(prompts[slug], key=lambda prompt: overlap(question, prompt))
        assert overlap(question, best) >= MATCH, f"{slug} lacks {question!r}; nearest is {best!r}"


def test_the_match_tells_different_questions_apart(prompts):
    question = "Do you ensure the silent child has access to the same services as their siblings?"

    assert max(overlap(question, prompt) for prompt in prompts[HARRY]) < MATCH
    assert max(overlap(question, prompt) for prompt in prompts[CASE_2]) >= MATCH


def test_each_module_names_the_briefing_and_case_it_came_from():
    content, _ = read_content(ROOT / "content")
    sources = {m.document.slug: (m.document.source.file, m.document.source.case) for m in content.modules}

    assert sources == {
        CASE_1: (FIRST, "Case 1"),
        CASE_2: (FIRST, "Case 2"),
        CASE_3: (FIRST, "Case 3"),
        FELIX: (SECOND, "Case 1 (Felix)"),
        GABRIELE: (SECOND, "Case 2 (Gabriele)"),
        HARRY: (SECOND, "Case 3 (Harry)"),
    }


def test_the_second_briefings_pseudonyms_are_declared():
    content, _ = read_content(ROOT / "content")
    pseudonyms = {m.document.slug: m.document.pseudonyms for m in content.modules}

    assert pseudonyms[FELIX] == ["Felix"]
    assert pseudonyms[GABRIELE] == ["Gabriele"]
    assert pseudonyms[HARRY] == ["Harry"]
