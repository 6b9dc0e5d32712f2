"""Refuse text that could identify a real person: contact details, numbers, dates and names.

Names are found by a deterministic rule, so an author can always see why a word was refused.
A capitalised word is allowed when it is:
  1. a pseudonym declared in the module, a word in content/vocabulary.yaml, or a word of a
     theme name or resource title;
  2. an acronym (CAMHS, GPs) or a single letter;
  3. an everyday English word (data/english-words.txt, singular or plural) - except in the
     middle of a sentence when it is also a known name (data/proper-nouns.txt: Grace, Harry).
Anything else capitalised is reported as a possible personal name.
"""

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from quizapp.curriculum.problems import Loc

DATA = Path(__file__).parent / "data"
MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
DAY = r"\d{1,2}(?:st|nd|rd|th)?"

# Checked in this order; each match is blanked out so a number is reported once, as the first kind it fits.
PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("an e-mail address", re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")),
    ("a web address", re.compile(r"(?:https?://|www\.)\S+")),
    (
        "a UK phone number",
        re.compile(r"(?<![\w+])(?:\+44\s?(?:\(0\)\s?)?|0044\s?|\(?0)\d(?:[\s()-]{0,2}\d){8,9}(?!\d)"),
    ),
    ("an NHS number", re.compile(r"(?<!\d)\d{3}[\s-]?\d{3}[\s-]?\d{4}(?!\d)")),
    ("a postcode", re.compile(r"\b(?:GIR ?0AA|[A-PR-UWYZ][A-HK-Y]?\d[A-Z\d]? ?\d[ABD-HJLNP-UW-Z]{2})\b")),
    (
        "a full date",
        re.compile(
            rf"\b\d{{1,2}}\s*[/.-]\s*\d{{1,2}}\s*[/.-]\s*(?:\d{{4}}|\d{{2}})\b|\b\d{{4}}-\d{{1,2}}-\d{{1,2}}\b"
            rf"|\b{DAY}(?:\s+of)?\s+{MONTH}\.?,?\s+\d{{4}}\b|\b{MONTH}\.?\s+{DAY},?\s+\d{{4}}\b",
            re.IGNORECASE,
        ),
    ),
    ("a date of birth", re.compile(r"\bD\.?O\.?B\b\.?|\bdate of birth\s*[:=-]", re.IGNORECASE)),
]
# Web addresses are blanked (they belong in resources.yaml) but only reported when they hide an e-mail.
REPORTED = {kind for kind, _ in PATTERNS} - {"a web address"}

WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
ACRONYM = re.compile(r"^[A-Z]{2,}s?$")
SENTENCE_START = re.compile(r"(?:\A|[.!?:;]\s+|\n\s*\n\s*|\n[ \t]*(?:[-*+>]|\d+[.)]|#{1,6})[ \t]+)[\"'‘“(\[*_]*\Z")
# Fields that hold keys, slugs or file names rather than prose.
NOT_PROSE = frozenset({"slug", "key", "theme", "themes", "resources", "file", "pseudonyms", "kind", "url"})
NOT_PROSE_IN_LISTS = frozenset({"slug", "key", "url"})


@dataclass(frozen=True)
class Finding:
    """Something in a text that could identify a person, at a character offset."""

    offset: int
    message: str


def find_identifiers(text: str, allowed: Iterable[str] = ()) -> list[Finding]:
    """Return everything in the text that could identify a person."""
    findings, masked = _find_patterns(text)
    return sorted(findings + _find_names(masked, frozenset(allowed)), key=lambda f: f.offset)


def prose_fields(data: Any, loc: Loc = (), skip: frozenset[str] = NOT_PROSE) -> Iterator[tuple[Loc, str]]:
    """Yield every prose string in a parsed document with its location, skipping keys and slugs."""
    if isinstance(data, dict):
        for name, value in data.items():
            if name not in skip:
                yield from prose_fields(value, (*loc, name), skip)
    elif isinstance(data, list):
        for index, item in enumerate(data):
            yield from prose_fields(item, (*loc, index), skip)
    elif isinstance(data, str):
        yield loc, data


def words_of(phrases: Iterable[str]) -> set[str]:
    """Return the words of each phrase, as allowed words."""
    return {_bare(word) for phrase in phrases for word in WORD.findall(phrase)}


def _find_patterns(text: str) -> tuple[list[Finding], str]:
    findings = []
    for kind, pattern in PATTERNS:
        for match in pattern.finditer(text):
            if kind in REPORTED:
                found = match.group().strip()
                findings.append(Finding(match.start(), f"contains {kind} ({found!r}); {_advice(kind)}"))
            text = text[: match.start()] + " " * len(match.group()) + text[match.end() :]
    return findings, text


def _advice(kind: str) -> str:
    if kind == "an e-mail address":
        return "name the role instead (for example 'the Designated Nurse for safeguarding children')"
    if kind in ("a full date", "a date of birth"):
        return "give an age or a period instead of a date"
    return "remove it: content must not identify anyone"


def _find_names(text: str, allowed: frozenset[str]) -> list[Finding]:
    flagged = [m for m in WORD.finditer(text) if _is_possible_name(m, text, allowed)]
    return [_name_finding(group, text) for group in _adjacent_groups(flagged, text)]


def _is_possible_name(match: re.Match[str], text: str, allowed: frozenset[str]) -> bool:
    word = _bare(match.group())
    if not word[0].isupper() or len(word) == 1 or ACRONYM.match(word) or word in allowed:
        return False
    if _is_everyday(word.lower()):
        # A known name that is also a word ("Grace") only gives itself away mid-sentence.
        return word in proper_nouns() and not _starts_sentence(text, match.start())
    return True


def _name_finding(group: list[re.Match[str]], text: str) -> Finding:
    name = text[group[0].start() : group[-1].end()]
    return Finding(
        group[0].start(),
        f"{name!r} looks like a personal name; use a pseudonym declared in 'pseudonyms', "
        "or if it is not a person's name add it to content/vocabulary.yaml",
    )


def _adjacent_groups(matches: list[re.Match[str]], text: str) -> Iterator[list[re.Match[str]]]:
    """Group flagged words separated only by a space, so 'Mary Lee' is reported once."""
    group: list[re.Match[str]] = []
    for match in matches:
        if group and text[group[-1].end() : match.start()] not in (" ", "-"):
            yield group
            group = []
        group.append(match)
    if group:
        yield group


def _starts_sentence(text: str, offset: int) -> bool:
    return bool(SENTENCE_START.search(text[:offset]))


def _bare(word: str) -> str:
    word = word.replace("’", "'")
    return word[:-2] if word.endswith("'s") else word


def _is_everyday(word: str) -> bool:
    words = english_words()
    if word in words:
        return True
    singulars = [
        word[:-1] if word.endswith("s") else None,
        word[:-2] if word.endswith("es") else None,
        word[:-3] + "y" if word.endswith("ies") else None,
    ]
    return any(s in words for s in singulars if s)


@cache
def english_words() -> frozenset[str]:
    """Return the everyday English word list, lower case."""
    return _read_list("english-words.txt")


@cache
def proper_nouns() -> frozenset[str]:
    """Return capitalised words known to be names of people or places."""
    return _read_list("proper-nouns.txt")


def _read_list(name: str) -> frozenset[str]:
    return frozenset((DATA / name).read_text(encoding="utf-8").split())
