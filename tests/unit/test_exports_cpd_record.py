"""The CPD record a learner downloads, checked in both PDF and Word forms."""

import re
from datetime import date
from io import BytesIO

import docx
import pytest
from pypdf import PdfReader

from quizapp.exports import (
    CpdConfidence,
    CpdEntry,
    CpdFeedback,
    CpdMessage,
    CpdModule,
    CpdRecord,
    render_cpd_record_docx,
    render_cpd_record_pdf,
)

HOSTILE = '<b>&amp; "quotes" — ünïcödé</b>'
ACTION_PLAN = "I will write down who every adult in the household is at each visit."
FOOTER = re.compile(r" ?CPD record for Zoë O’Brien Page \d+ of \d+")
LONG_ANSWER = " ".join(f"reflection{number}" for number in range(1800))[:20_000]


def pdf_text(data: bytes) -> str:
    """Return the text of every page of a PDF, without page footers and with whitespace collapsed."""
    text = " ".join(" ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages).split())
    return FOOTER.sub("", text)


def docx_text(data: bytes) -> str:
    """Return the text of a Word document's paragraphs and tables, in order, with whitespace collapsed."""
    document = docx.Document(BytesIO(data))
    blocks = [paragraph.text for paragraph in document.paragraphs]
    blocks += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return " ".join(" ".join(blocks).split())


FORMATS = [
    pytest.param(render_cpd_record_pdf, pdf_text, id="pdf"),
    pytest.param(render_cpd_record_docx, docx_text, id="docx"),
]


def make_module(**changes) -> CpdModule:
    """Return a completed module with two answers, one with feedback, and an action plan."""
    answer_feedback = CpdFeedback("Sam Okafor", date(2026, 12, 3), "Think about how you would record his view.")
    fields = dict(
        title="Case 1: the silent child",
        version_number=2,
        completed_on=date(2026, 11, 22),
        cpd_minutes=45,
        themes=["The silent child", "Engaging fathers"],
        messages=[
            CpdMessage(
                "Engaging fathers and significant others",
                [
                    CpdEntry("Who are the significant adults?", HOSTILE, [answer_feedback]),
                    CpdEntry("What gets in the way of involving fathers?", "Time pressures at visits."),
                ],
            )
        ],
        knowledge_score=(4, 5),
        confidence=[CpdConfidence("Challenge a decision by another agency", 2, 4)],
        action_plan=ACTION_PLAN,
        feedback=[CpdFeedback("Priya Shah", date(2026, 12, 4), "A careful, honest set of reflections.")],
    )
    return CpdModule(**(fields | changes))


def make_record(*modules: CpdModule) -> CpdRecord:
    """Return a social worker's record holding the given modules."""
    return CpdRecord("Zoë O’Brien", "Social worker", "Hackney Children’s Services", date(2026, 12, 10), list(modules))


@pytest.mark.parametrize(("render", "text_of"), FORMATS)
def test_record_shows_the_learner_and_what_they_wrote(render, text_of):
    text = text_of(render(make_record(make_module())))

    for expected in (
        "CPD record: reflections on multi-agency case audit learning",
        "Zoë O’Brien",
        "Social worker",
        "Hackney Children’s Services",
        "10 December 2026",
        "Case 1: the silent child (version 2)",
        "Completed on 22 November 2026",
        "45 minutes",
        "The silent child, Engaging fathers",
        "Engaging fathers and significant others",
        "Who are the significant adults?",
        HOSTILE,
        "4 out of 5 questions answered correctly.",
        "Challenge a decision by another agency 2 out of 5 4 out of 5",
        ACTION_PLAN,
        "Feedback from Priya Shah, 4 December 2026",
        "A careful, honest set of reflections.",
    ):
        assert expected in text


@pytest.mark.parametrize(("render", "text_of"), FORMATS)
def test_feedback_on_an_answer_follows_that_answer(render, text_of):
    text = text_of(render(make_record(make_module())))

    answer = text.index(HOSTILE)
    feedback = text.index("Feedback from Sam Okafor, 3 December 2026 Think about how you would record his view.")
    next_prompt = text.index("What gets in the way of involving fathers?")
    assert answer < feedback < next_prompt


@pytest.mark.parametrize(("render", "text_of"), FORMATS)
def test_module_in_progress_counts_no_cpd_and_says_what_is_missing(render, text_of):
    unfinished = make_module(
        title="Felix",
        completed_on=None,
        messages=[CpdMessage("The silent child", [CpdEntry("When did you last see the child alone?", "")])],
        action_plan="",
    )
    record = make_record(make_module(), unfinished)

    text = text_of(render(record))

    assert "Total CPD time 45 minutes (completed modules)" in text
    assert "In progress" in text
    assert "Not answered yet." in text
    assert "Not written yet." in text


@pytest.mark.parametrize(("render", "text_of"), FORMATS)
def test_record_without_modules_says_so(render, text_of):
    text = text_of(render(make_record()))

    assert "Zoë O’Brien" in text
    assert "You have not written any reflections yet." in text


@pytest.mark.parametrize(("render", "text_of"), FORMATS)
def test_long_answer_is_kept_whole(render, text_of):
    module = make_module(messages=[CpdMessage("The silent child", [CpdEntry("Describe the case.", LONG_ANSWER)])])

    text = text_of(render(make_record(module)))

    assert len(LONG_ANSWER) == 20_000
    assert LONG_ANSWER in text


def test_long_answer_flows_over_several_pdf_pages():
    module = make_module(messages=[CpdMessage("The silent child", [CpdEntry("Describe the case.", LONG_ANSWER)])])

    reader = PdfReader(BytesIO(render_cpd_record_pdf(make_record(module))))

    assert len(reader.pages) >= 4
    assert f"Page 1 of {len(reader.pages)}" in reader.pages[0].extract_text()


def test_long_feedback_flows_over_pdf_pages_inside_its_panel():
    feedback = CpdFeedback("Sam Okafor", date(2026, 12, 3), LONG_ANSWER)
    module = make_module(messages=[CpdMessage("Thresholds", [CpdEntry("Anything else?", "No.", [feedback])])])

    text = pdf_text(render_cpd_record_pdf(make_record(module)))

    assert LONG_ANSWER in text


@pytest.mark.parametrize(("render", "text_of"), FORMATS)
def test_text_any_unicode_or_control_character_does_not_break_the_export(render, text_of):
    answer = "Emoji 😀, arrows →, Romanian ș and ă, Hungarian ő, a tab\tand a bell\x07 and a null\x00."
    module = make_module(messages=[CpdMessage("Thresholds", [CpdEntry("Anything else?", answer)])])

    text = text_of(render(make_record(module)))

    assert "Emoji" in text
    assert "null." in text


def test_pdf_describes_itself_for_readers_and_assistive_technology():
    reader = PdfReader(BytesIO(render_cpd_record_pdf(make_record(make_module()))))

    assert reader.metadata.title == "CPD record: reflections on multi-agency case audit learning – Zoë O’Brien"
    assert reader.metadata.author == "Zoë O’Brien"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"
    assert reader.outline[0].title == "Case 1: the silent child (version 2)"
    assert [item.title for item in reader.outline[1]][0] == "What I learnt"


def test_docx_uses_word_heading_styles_and_metadata():
    document = docx.Document(BytesIO(render_cpd_record_docx(make_record(make_module()))))

    headings = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert headings[:4] == [
        ("Heading 1", "CPD record: reflections on multi-agency case audit learning"),
        ("Heading 2", "Case 1: the silent child (version 2)"),
        ("Heading 3", "What I learnt"),
        ("Heading 4", "Engaging fathers and significant others"),
    ]
    assert document.core_properties.author == "Zoë O’Brien"
    assert document.core_properties.language == "en-GB"
