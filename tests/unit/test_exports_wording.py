"""Dates, durations and text made safe for the export fonts."""

from datetime import date

import pytest

from quizapp.exports import fonts
from quizapp.exports.documents import CpdModule, CpdRecord
from quizapp.exports.fonts import drawable, markup
from quizapp.exports.wording import clean_text, duration, long_date, paragraphs


def test_dates_are_written_the_uk_way():
    assert long_date(date(2026, 11, 2)) == "2 November 2026"


@pytest.mark.parametrize(
    ("minutes", "words"),
    [
        (0, "0 minutes"),
        (1, "1 minute"),
        (45, "45 minutes"),
        (60, "1 hour"),
        (90, "1 hour 30 minutes"),
        (125, "2 hours 5 minutes"),
    ],
)
def test_durations_are_written_in_words(minutes, words):
    assert duration(minutes) == words


def test_total_cpd_counts_completed_modules_only():
    done = CpdModule("Case 1", 1, date(2026, 1, 5), 45)
    started = CpdModule("Case 2", 1, None, 30)

    assert CpdRecord("Jo", "GP", "NHS", date(2026, 2, 1), [done, started, done]).total_cpd_minutes == 90


def test_clean_text_removes_characters_word_and_pdf_cannot_hold():
    assert clean_text("a\x00b\x07c\r\nd\re") == "abc\nd\ne"


def test_paragraphs_split_at_blank_lines():
    assert paragraphs("\n first\nline \n\n  \nsecond\n\n") == ["first\nline", "second"]


def test_markup_escapes_user_text_and_keeps_line_breaks():
    assert markup('<b>&amp; "x"</b>\nnext') == '&lt;b&gt;&amp;amp; "x"&lt;/b&gt;<br/>next'


def test_common_punctuation_and_accents_are_kept():
    text = "“Zoë’s” — café, naïve, Ó Súilleabháin… €5 • ½"

    assert drawable(text) == text


def test_characters_missing_from_the_font_get_a_stand_in(monkeypatch):
    ascii_only = frozenset(range(0x20, 0x7F)) | {ord("?")}
    monkeypatch.setattr(fonts, "register_fonts", lambda: ascii_only)

    assert drawable("ő → 😀\tok") == "o -> ? ok"


def test_whatever_the_font_every_character_drawn_is_one_it_has():
    covered = fonts.register_fonts()

    assert all(ord(char) in covered for char in drawable("😀 ș ă ő → ✓ \U0001f9d2 ☺ 中文"))
