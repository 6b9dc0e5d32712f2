"""Flesch reading ease of a module's prose, and the sentences too long to read easily."""

import re
from collections.abc import Iterator
from dataclasses import dataclass

from quizapp.curriculum.schema import ModuleDocument

LONG_SENTENCE = 35
TARGET_EASE = 60
_SENTENCE_END = re.compile(r"\n\s*[-*]\s+|(?<=[.?!:;])\s+|\n\s*\n")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")


@dataclass(frozen=True)
class Readability:
    """How easy a module is to read: Flesch reading ease, words, and sentences over the limit."""

    slug: str
    ease: float
    words: int
    long_sentences: list[str]

    def line(self) -> str:
        """Describe the module's readability on one line."""
        flag = "" if self.ease >= TARGET_EASE else f" (aim for {TARGET_EASE} or more)"
        return (
            f"{self.slug}: Flesch reading ease {self.ease:.0f}{flag}, {self.words} words, "
            f"{len(self.long_sentences)} sentences over {LONG_SENTENCE} words"
        )


def syllables(word: str) -> int:
    """Estimate the syllables in an English word by counting its vowel groups."""
    word = word.lower().strip("'’-")
    groups = re.findall(r"[aeiouy]+", word)
    count = len(groups)
    if word.endswith("e") and not word.endswith(("le", "ee")) and count > 1:
        count -= 1
    return max(count, 1)


def sentences(text: str) -> list[str]:
    """Split prose into sentences, treating list items and paragraphs as sentences of their own."""
    return [part.strip() for part in _SENTENCE_END.split(text) if _WORD.search(part)]


def flesch_reading_ease(text: str) -> float:
    """Return the Flesch reading ease of a text: higher is easier, 60 or more is plain English."""
    parts = sentences(text)
    words = _WORD.findall(text)
    if not parts or not words:
        return 100.0
    per_sentence = len(words) / len(parts)
    per_word = sum(syllables(word) for word in words) / len(words)
    return 206.835 - 1.015 * per_sentence - 84.6 * per_word


def module_prose(doc: ModuleDocument) -> Iterator[str]:
    """Yield every piece of prose a learner reads in a module."""
    yield doc.summary
    yield doc.pause_point.prompt
    yield from (item.text for item in doc.strengths)
    yield from (item.text for item in doc.improvements)
    for message in doc.key_messages:
        yield message.learning
        yield from message.role_prompts.values()
        yield from (question.prompt for question in message.questions)
    for check in doc.knowledge_check:
        yield check.prompt
        yield check.explanation
        yield from (option.text for option in check.options)
        yield from (option.feedback for option in check.options if option.feedback)


def readability(doc: ModuleDocument) -> Readability:
    """Measure how easy a module is to read."""
    prose = list(module_prose(doc))
    text = "\n\n".join(prose)
    long = [s for piece in prose for s in sentences(piece) if len(_WORD.findall(s)) > LONG_SENTENCE]
    return Readability(doc.slug, flesch_reading_ease(text), len(_WORD.findall(text)), long)
