"""A learner's reflections as a PDF CPD record."""

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, HRFlowable, Paragraph, Spacer, Table, TableStyle

from quizapp.exports.documents import CpdEntry, CpdFeedback, CpdMessage, CpdModule, CpdRecord
from quizapp.exports.fonts import markup
from quizapp.exports.pdf_layout import ACCENT, PANEL, RULE, TEXT_WIDTH, build_pdf, outlined, styles
from quizapp.exports.wording import (
    CPD_INTRO,
    CPD_PRIVACY,
    CPD_TITLE,
    NO_ACTION_PLAN,
    NO_MODULES,
    NOT_ANSWERED,
    confidence_rows,
    feedback_byline,
    knowledge_summary,
    module_facts,
    module_heading,
    paragraphs,
    record_facts,
)


def render_cpd_record_pdf(record: CpdRecord) -> bytes:
    """Return the learner's CPD record as an A4 PDF."""
    return build_pdf(
        lambda: _story(record),
        title=f"{CPD_TITLE} – {record.learner_name}",
        author=record.learner_name,
        subject="Continuing professional development record",
        footer=f"CPD record for {record.learner_name}",
    )


def _story(record: CpdRecord) -> list[Flowable]:
    """Return the whole record as flowables."""
    story = _opening(record)
    for module in record.modules:
        story += _module(module)
    if not record.modules:
        story.append(Paragraph(NO_MODULES, styles()["body"]))
    return story


def _opening(record: CpdRecord) -> list[Flowable]:
    """Return the title, who the record belongs to and what it is for."""
    return [
        Paragraph(CPD_TITLE, styles()["title"]),
        _facts_table(record_facts(record)),
        Spacer(1, 4 * mm),
        Paragraph(CPD_INTRO, styles()["body"]),
        Paragraph(CPD_PRIVACY, styles()["muted"]),
    ]


def _facts_table(facts: list[tuple[str, str]]) -> Table:
    """Return label and value pairs as a borderless two-column table."""
    rows = [[Paragraph(label, styles()["label"]), Paragraph(markup(value), styles()["cell"])] for label, value in facts]
    table = Table(rows, colWidths=[38 * mm, TEXT_WIDTH - 38 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
                ("LINEBELOW", (0, 0), (-1, -1), 0.5, RULE),
            ]
        )
    )
    return table


def _module(module: CpdModule) -> list[Flowable]:
    """Return everything the learner wrote for one module."""
    story: list[Flowable] = [
        CondPageBreak(70 * mm),
        HRFlowable(width="100%", thickness=1.5, color=ACCENT, spaceBefore=6, spaceAfter=2),
        outlined(Paragraph(markup(_unbroken_tail(module_heading(module))), styles()["h1"]), 0),
        _facts_table(module_facts(module)),
    ]
    if module.messages:
        story.append(outlined(Paragraph("What I learnt", styles()["h2"]), 1))
        for message in module.messages:
            story += _message(message)
    story += _knowledge(module.knowledge_score)
    story += _confidence(module)
    story.append(outlined(Paragraph("How this changes my practice", styles()["h2"]), 1))
    story += _text(module.action_plan, NO_ACTION_PLAN)
    if module.feedback:
        story.append(outlined(Paragraph("Feedback on this module", styles()["h2"]), 1))
        story += [_feedback(item) for item in module.feedback]
    return story


def _unbroken_tail(text: str) -> str:
    """Join the last two words with a non-breaking space so a heading never ends on a lone word."""
    head, space, tail = text.rpartition(" ")
    return f"{head}\xa0{tail}" if space else text


def _message(message: CpdMessage) -> list[Flowable]:
    """Return one key message heading with the learner's answers under it."""
    story: list[Flowable] = [Paragraph(markup(message.title), styles()["h3"])]
    for entry in message.entries:
        story += _entry(entry)
    return story


def _entry(entry: CpdEntry) -> list[Flowable]:
    """Return a reflective question, the learner's answer and any feedback on it."""
    story: list[Flowable] = [Paragraph(markup(entry.prompt), styles()["prompt"])]
    story += _text(entry.answer, NOT_ANSWERED)
    story += [_feedback(item) for item in entry.feedback]
    return story


def _text(text: str, when_empty: str) -> list[Flowable]:
    """Return the learner's text as paragraphs, or a muted note when there is none."""
    parts = paragraphs(text)
    if not parts:
        return [Paragraph(when_empty, styles()["empty"])]
    return [Paragraph(markup(part), styles()["body"]) for part in parts]


def _feedback(feedback: CpdFeedback) -> Table:
    """Return a trainer's feedback in a shaded panel with a bar down its left side."""
    content = [Paragraph(markup(feedback_byline(feedback)), styles()["byline"])]
    content += [Paragraph(markup(part), styles()["panel"]) for part in paragraphs(feedback.text)]
    panel = Table([[content]], colWidths=[TEXT_WIDTH - 6 * mm], hAlign="RIGHT", splitInRow=1)
    panel.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, -1), PANEL),
                ("LINEBEFORE", (0, 0), (0, -1), 3, ACCENT),
                ("LEFTPADDING", (0, 0), (-1, -1), 8),
                ("RIGHTPADDING", (0, 0), (-1, -1), 8),
                ("TOPPADDING", (0, 0), (-1, -1), 6),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 8),
            ]
        )
    )
    panel.spaceBefore, panel.spaceAfter = 2, 8
    return panel


def _knowledge(score: tuple[int, int] | None) -> list[Flowable]:
    """Return the knowledge-check result, or nothing when there is none."""
    summary = knowledge_summary(score)
    if summary is None:
        return []
    return [outlined(Paragraph("Knowledge check", styles()["h2"]), 1), Paragraph(summary, styles()["body"])]


def _confidence(module: CpdModule) -> list[Flowable]:
    """Return a table of confidence ratings before and after the module, or nothing."""
    if not module.confidence:
        return []
    header = [Paragraph(text, styles()["label"]) for text in ("Statement", "Before", "After")]
    cells = confidence_rows(module.confidence)
    rows = [[Paragraph(markup(cell), styles()["cell"]) for cell in row] for row in cells]
    widths = [TEXT_WIDTH - 56 * mm, 28 * mm, 28 * mm]
    table = Table([header, *rows], colWidths=widths, repeatRows=1, hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                ("LINEBELOW", (0, 0), (-1, 0), 1, ACCENT),
                ("LINEBELOW", (0, 1), (-1, -1), 0.5, RULE),
            ]
        )
    )
    return [outlined(Paragraph("Confidence before and after", styles()["h2"]), 1), table]
