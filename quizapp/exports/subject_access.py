"""A person's subject access record as a readable PDF: headed sections of labelled facts."""

from collections.abc import Mapping, Sequence

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, HRFlowable, Paragraph, Spacer, Table, TableStyle

from quizapp.exports.fonts import markup
from quizapp.exports.pdf_layout import RULE, TEXT_WIDTH, build_pdf, outlined, styles

Record = Mapping[str, object]


def render_subject_access_pdf(name: str, intro: str, sections: Sequence[tuple[str, Sequence[Record]]]) -> bytes:
    """Return every section as a heading and, for each record in it, a table of label and value."""
    return build_pdf(
        lambda: _story(name, intro, sections),
        title=f"Information held about {name}",
        author="Data protection",
        subject="Subject access request",
        footer=f"Information held about {name}",
    )


def _story(name: str, intro: str, sections) -> list[Flowable]:
    story: list[Flowable] = [Paragraph(markup(f"Information held about {name}"), styles()["title"])]
    story.append(Paragraph(markup(intro), styles()["body"]))
    for heading, records in sections:
        story.append(outlined(Paragraph(markup(heading), styles()["h1"]), 0))
        if not records:
            story.append(Paragraph("None held.", styles()["empty"]))
        for record in records:
            story += [_facts(record), Spacer(1, 2 * mm), HRFlowable(width="100%", color=RULE, thickness=0.5)]
    return story


def _facts(record: Record) -> Table:
    rows = [
        [Paragraph(markup(str(label)), styles()["label"]), Paragraph(markup(_text(value)), styles()["cell"])]
        for label, value in record.items()
    ]
    table = Table(rows, colWidths=[0.32 * TEXT_WIDTH, 0.68 * TEXT_WIDTH])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (0, -1), 0)]))
    return table


def _text(value: object) -> str:
    if value is None or value == "" or value == []:
        return "—"
    if isinstance(value, list):
        return "; ".join(str(item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{key}: {_text(item)}" for key, item in value.items())
    return str(value)
