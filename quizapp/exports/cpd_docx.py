"""A learner's reflections as a Word CPD record."""

from collections.abc import Sequence
from io import BytesIO

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table

from quizapp.exports.documents import CpdEntry, CpdFeedback, CpdModule, CpdRecord
from quizapp.exports.wording import (
    CPD_INTRO,
    CPD_PRIVACY,
    CPD_TITLE,
    NO_ACTION_PLAN,
    NO_MODULES,
    NOT_ANSWERED,
    clean_text,
    confidence_rows,
    feedback_byline,
    knowledge_summary,
    module_facts,
    module_heading,
    paragraphs,
    record_facts,
)

FONT = "Arial"
ACCENT = RGBColor(0x1D, 0x3A, 0x5F)
INK = RGBColor(0x0B, 0x0C, 0x0C)
MUTED = RGBColor(0x50, 0x5A, 0x5F)
FEEDBACK_STYLE = "Trainer feedback"


def render_cpd_record_docx(record: CpdRecord) -> bytes:
    """Return the learner's CPD record as a Word document navigable by its headings."""
    doc = _new_document(record)
    doc.add_heading(CPD_TITLE, level=1)
    _facts(doc, record_facts(record))
    doc.add_paragraph(CPD_INTRO)
    _note(doc, CPD_PRIVACY)
    for module in record.modules:
        _module(doc, module)
    if not record.modules:
        doc.add_paragraph(NO_MODULES)
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _new_document(record: CpdRecord) -> DocxDocument:
    """Return an empty A4 document with metadata and plain sans styles."""
    doc = Document()
    props = doc.core_properties
    props.title = clean_text(f"{CPD_TITLE} – {record.learner_name}")[:255]
    props.author = clean_text(record.learner_name)[:255]
    props.subject = "Continuing professional development record"
    props.language = "en-GB"
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    _restyle(doc)
    return doc


def _restyle(doc: DocxDocument) -> None:
    """Use Arial throughout, British English, and quiet heading colours."""
    normal = doc.styles["Normal"]
    _set_font(normal, Pt(11))
    _set_language(normal)
    for level, size in ((1, 20), (2, 16), (3, 13), (4, 11.5)):
        heading = doc.styles[f"Heading {level}"]
        _set_font(heading, Pt(size))
        heading.font.italic = False
        heading.font.color.rgb = {1: ACCENT, 2: ACCENT, 3: INK}.get(level, MUTED)
    feedback = doc.styles.add_style(FEEDBACK_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    feedback.base_style = normal
    _left_border(feedback)  # first, because WordprocessingML wants the border before spacing and indent
    feedback.paragraph_format.left_indent = Mm(6)
    feedback.paragraph_format.space_after = Pt(4)


def _set_font(style, size: Pt) -> None:
    """Set a style's font to Arial at the given size, overriding the template's theme fonts."""
    style.font.name = FONT
    style.font.size = size
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        fonts.attrib.pop(qn(attribute), None)
    fonts.set(qn("w:cs"), FONT)


def _set_language(style) -> None:
    """Mark a style's text as British English for spell-checkers and screen readers."""
    language = OxmlElement("w:lang")
    language.set(qn("w:val"), "en-GB")
    style.element.get_or_add_rPr().append(language)


def _left_border(style) -> None:
    """Give a paragraph style a coloured bar down its left side."""
    borders = OxmlElement("w:pBdr")
    left = OxmlElement("w:left")
    for name, value in (("w:val", "single"), ("w:sz", "18"), ("w:space", "8"), ("w:color", str(ACCENT))):
        left.set(qn(name), value)
    borders.append(left)
    style.element.get_or_add_pPr().append(borders)


def _facts(doc: DocxDocument, facts: list[tuple[str, str]]) -> None:
    """Add label and value pairs as a two-column table with bold labels."""
    table = _table(doc, [40, 130], facts)
    for row in table.rows:
        for run in row.cells[0].paragraphs[0].runs:
            run.bold = True


def _table(doc: DocxDocument, widths: list[int], rows: Sequence[tuple[str, ...]], header=None) -> Table:
    """Add a bordered table with column widths in millimetres and an optional repeating header row."""
    table = doc.add_table(rows=0, cols=len(widths))
    table.style = doc.styles["Table Grid"]
    table.autofit = False
    for values in [header, *rows] if header else rows:
        for cell, value, width in zip(table.add_row().cells, values, widths, strict=True):
            cell.width = Mm(width)
            cell.paragraphs[0].add_run(clean_text(value))
    for column, width in zip(table.columns, widths, strict=True):
        column.width = Mm(width)
    if header:
        _repeat_as_header(table.rows[0])
    doc.add_paragraph()
    return table


def _repeat_as_header(row) -> None:
    """Mark a row as the table's header: bold, and repeated at the top of each page."""
    for cell in row.cells:
        for run in cell.paragraphs[0].runs:
            run.bold = True
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(repeat)


def _note(doc: DocxDocument, text: str) -> None:
    """Add a muted, italic line."""
    run = doc.add_paragraph().add_run(text)
    run.italic = True
    run.font.color.rgb = MUTED


def _text(doc: DocxDocument, text: str, when_empty: str) -> None:
    """Add the learner's text as paragraphs, or a muted note when there is none."""
    parts = paragraphs(text)
    for part in parts:
        doc.add_paragraph(part)
    if not parts:
        _note(doc, when_empty)


def _module(doc: DocxDocument, module: CpdModule) -> None:
    """Add everything the learner wrote for one module."""
    doc.add_heading(clean_text(module_heading(module)), level=2)
    _facts(doc, module_facts(module))
    if module.messages:
        doc.add_heading("What I learnt", level=3)
    for message in module.messages:
        doc.add_heading(clean_text(message.title), level=4)
        for entry in message.entries:
            _entry(doc, entry)
    summary = knowledge_summary(module.knowledge_score)
    if summary:
        doc.add_heading("Knowledge check", level=3)
        doc.add_paragraph(summary)
    _confidence(doc, module)
    doc.add_heading("How this changes my practice", level=3)
    _text(doc, module.action_plan, NO_ACTION_PLAN)
    if module.feedback:
        doc.add_heading("Feedback on this module", level=3)
    for feedback in module.feedback:
        _feedback(doc, feedback)


def _entry(doc: DocxDocument, entry: CpdEntry) -> None:
    """Add a reflective question, the learner's answer and any feedback on it."""
    prompt = doc.add_paragraph()
    prompt.paragraph_format.keep_with_next = True
    prompt.add_run(clean_text(entry.prompt)).bold = True
    _text(doc, entry.answer, NOT_ANSWERED)
    for feedback in entry.feedback:
        _feedback(doc, feedback)


def _feedback(doc: DocxDocument, feedback: CpdFeedback) -> None:
    """Add a trainer's feedback, set off by a bar down its left side."""
    byline = doc.add_paragraph(style=FEEDBACK_STYLE)
    byline.paragraph_format.keep_with_next = True
    run = byline.add_run(clean_text(feedback_byline(feedback)))
    run.bold, run.font.color.rgb = True, ACCENT
    for part in paragraphs(feedback.text):
        doc.add_paragraph(part, style=FEEDBACK_STYLE)


def _confidence(doc: DocxDocument, module: CpdModule) -> None:
    """Add a table of confidence ratings before and after the module."""
    if module.confidence:
        doc.add_heading("Confidence before and after", level=3)
        _table(doc, [110, 30, 30], confidence_rows(module.confidence), header=("Statement", "Before", "After"))
