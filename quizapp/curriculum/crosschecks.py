"""Rules that span a whole module: keys unique, the file named by its slug, every theme listed."""

from collections.abc import Iterable, Iterator

from quizapp.curriculum.pages import ACTION_PLAN_KEYS
from quizapp.curriculum.problems import Loc
from quizapp.curriculum.schema import ModuleDocument

Finding = tuple[Loc, str]
# Question keys share one namespace per version with the keys the loader makes up itself.
RESERVED_PREFIXES = ("confidence-before-", "confidence-after-")
RESERVED_KEYS = set(ACTION_PLAN_KEYS)


def check_module(doc: ModuleDocument, stem: str) -> list[Finding]:
    """Return every problem in a schema-valid module that spans fields or files."""
    return [
        *_slug_matches_file(doc, stem),
        *_duplicates(((("themes", i), slug) for i, slug in enumerate(doc.themes)), "theme"),
        *_message_themes_listed(doc),
        *_duplicates(((("key_messages", i, "key"), m.key) for i, m in enumerate(doc.key_messages)), "key message"),
        *_duplicates(
            ((("key_messages", i, "title"), m.title) for i, m in enumerate(doc.key_messages)), "key message title"
        ),
        *_duplicates(((("confidence", i, "key"), c.key) for i, c in enumerate(doc.confidence)), "confidence statement"),
        *_duplicates(_question_keys(doc), "question"),
        *_reserved_keys(doc),
        *_one_thoughtful_answer_per_page(doc),
        *_longest_option_gives_answer_away(doc),
        *_same_number_correct_everywhere(doc),
    ]


def duplicate_keys(keyed: Iterable[tuple[Loc, str]], what: str) -> list[Finding]:
    """Return a problem for every key already used earlier in the same list."""
    return list(_duplicates(keyed, what))


def _slug_matches_file(doc: ModuleDocument, stem: str) -> Iterator[Finding]:
    if doc.slug != stem:
        yield ("slug",), f"must match the file name: '{stem}' (rename the file or change the slug)"


def _message_themes_listed(doc: ModuleDocument) -> Iterator[Finding]:
    # A module must be found under every theme its pages are about.
    places = [(("key_messages", i, "theme"), m.theme) for i, m in enumerate(doc.key_messages)]
    places += [(("knowledge_check", i, "theme"), c.theme) for i, c in enumerate(doc.knowledge_check) if c.theme]
    for loc, slug in places:
        if slug not in doc.themes:
            yield loc, f"theme '{slug}' must also be listed in the module's themes"


def _question_keys(doc: ModuleDocument) -> Iterator[tuple[Loc, str]]:
    yield ("pause_point", "key"), doc.pause_point.key
    for i, message in enumerate(doc.key_messages):
        for j, question in enumerate(message.questions):
            yield ("key_messages", i, "questions", j, "key"), question.key
    for i, check in enumerate(doc.knowledge_check):
        yield ("knowledge_check", i, "key"), check.key


def _reserved_keys(doc: ModuleDocument) -> Iterator[Finding]:
    for loc, key in _question_keys(doc):
        if key in RESERVED_KEYS or key.startswith(RESERVED_PREFIXES):
            yield loc, f"'{key}' is reserved for the confidence and action plan questions; choose another key"


def _duplicates(keyed: Iterable[tuple[Loc, str]], what: str) -> Iterator[Finding]:
    seen: set[str] = set()
    for loc, key in keyed:
        if key in seen:
            yield loc, f"{what} '{key}' is used more than once"
        seen.add(key)


def _one_thoughtful_answer_per_page(doc: ModuleDocument) -> Iterator[Finding]:
    # A minimum length on every question asks for padding; on none, for nothing considered.
    for i, message in enumerate(doc.key_messages):
        thoughtful = [q for q in message.questions if q.min_length > 0]
        if len(thoughtful) != 1:
            yield (
                ("key_messages", i, "questions"),
                f"exactly one question on a key message page needs a min_length, not {len(thoughtful)}",
            )


def _correct_is_longest(options) -> bool:
    correct = next(option for option in options if option.correct)
    return all(len(correct.text) >= len(option.text) for option in options)


def _longest_option_gives_answer_away(doc: ModuleDocument) -> Iterator[Finding]:
    singles = [check for check in doc.knowledge_check if check.kind == "single"]
    longest = sum(_correct_is_longest(check.options) for check in singles)
    if singles and longest * 2 > len(singles):
        yield (
            ("knowledge_check",),
            f"the correct option is the longest in {longest} of {len(singles)} single-choice checks; "
            "a learner could pass by picking the longest answer (make it the longest in half or fewer)",
        )


def _same_number_correct_everywhere(doc: ModuleDocument) -> Iterator[Finding]:
    counts = [sum(o.correct for o in check.options) for check in doc.knowledge_check if check.kind == "multiple"]
    if len(counts) > 1 and len(set(counts)) == 1:
        yield (
            ("knowledge_check",),
            f"every multiple-choice check has {counts[0]} correct options; vary the number so it gives nothing away",
        )
