"""Styles, page furniture and document settings shared by the PDF writers."""

from collections.abc import Callable
from functools import cache, partial
from io import BytesIO

from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate

from quizapp.exports.fonts import BOLD, ITALIC, REGULAR, drawable, register_fonts
from quizapp.exports.wording import clean_text

INK = colors.HexColor("#0b0c0c")
MUTED = colors.HexColor("#505a5f")
RULE = colors.HexColor("#b1b4b6")
ACCENT = colors.HexColor("#1d3a5f")
PANEL = colors.HexColor("#f3f2f1")
MARGIN = 20 * mm
TEXT_WIDTH = A4[0] - 2 * MARGIN
# Platypus frames pad their content by 6 points; pull the page margins in so text starts at MARGIN.
FRAME_PADDING = 6
CREATOR = "Reflective case-audit learning"


@cache
def styles() -> dict[str, ParagraphStyle]:
    """Return the named paragraph styles of the CPD record."""
    register_fonts()
    body = ParagraphStyle("body", fontName=REGULAR, fontSize=10.5, leading=15, textColor=INK, spaceAfter=6)
    heading = partial(ParagraphStyle, parent=body, fontName=BOLD, keepWithNext=1, textColor=INK)
    return {
        "body": body,
        "muted": ParagraphStyle("muted", parent=body, textColor=MUTED),
        "empty": ParagraphStyle("empty", parent=body, fontName=ITALIC, textColor=MUTED),
        "title": heading("title", fontSize=20, leading=25, spaceAfter=10, textColor=ACCENT),
        "h1": heading("h1", fontSize=16, leading=20, spaceBefore=14, spaceAfter=6, textColor=ACCENT),
        "h2": heading("h2", fontSize=13, leading=17, spaceBefore=12, spaceAfter=6),
        "h3": heading("h3", fontSize=11.5, leading=15, spaceBefore=8, spaceAfter=4, textColor=MUTED),
        "prompt": heading("prompt", fontSize=10.5, leading=15, spaceBefore=6, spaceAfter=3),
        "label": ParagraphStyle("label", parent=body, fontName=BOLD, spaceAfter=0),
        "cell": ParagraphStyle("cell", parent=body, spaceAfter=0),
        "panel": ParagraphStyle("panel", parent=body, spaceAfter=4),
        "byline": ParagraphStyle("byline", parent=body, fontName=BOLD, textColor=ACCENT, spaceAfter=2),
    }


class OutlinedDocTemplate(SimpleDocTemplate):
    """A document that turns flowables carrying an outline_level into PDF bookmarks."""

    def beforeDocument(self) -> None:
        """Ask viewers to show the document title rather than the file name."""
        self.canv.setViewerPreference("DisplayDocTitle", "true")

    def afterFlowable(self, flowable: Flowable) -> None:
        """Bookmark headings so readers can navigate the record from the outline panel."""
        level = getattr(flowable, "outline_level", None)
        if level is None:
            return
        key = f"h{id(flowable)}"
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.getPlainText().replace("\xa0", " "), key, level=level)


def outlined(paragraph: Paragraph, level: int) -> Paragraph:
    """Return the paragraph marked to appear in the PDF outline at the given level."""
    paragraph.outline_level = level
    return paragraph


PageCallback = Callable[[Canvas, OutlinedDocTemplate], None]


def _footer(caption: str, page_count: int) -> PageCallback:
    """Return a page callback that draws a rule, the caption and 'Page X of Y'."""

    def draw(canvas: Canvas, doc: OutlinedDocTemplate) -> None:
        width, _ = doc.pagesize
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.line(MARGIN, 14 * mm, width - MARGIN, 14 * mm)
        canvas.setFont(REGULAR, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawString(MARGIN, 10 * mm, _fit(caption, width - 2 * MARGIN - 40 * mm))
        canvas.drawRightString(width - MARGIN, 10 * mm, f"Page {canvas.getPageNumber()} of {page_count}")
        canvas.restoreState()

    return draw


def _fit(text: str, width: float) -> str:
    """Return the text shortened with an ellipsis so that it fits the width in the footer font."""
    while len(text) > 1 and stringWidth(text, REGULAR, 8.5) > width:
        text = text[:-2] + "…"
    return text


def build_pdf(make_story: Callable[[], list[Flowable]], *, title: str, author: str, subject: str, footer: str) -> bytes:
    """Lay out a story on A4 pages with metadata, bookmarks and a 'Page X of Y' footer; return the PDF."""
    metadata = {"title": clean_text(title), "author": clean_text(author), "subject": subject}
    caption = drawable(footer)
    # Building consumes the story, so each pass gets a fresh one; the footer never changes the flow.
    _, page_count = _build(make_story(), metadata, _footer(caption, 0))
    pdf, _ = _build(make_story(), metadata, _footer(caption, page_count))
    return pdf


def _build(story: list[Flowable], metadata: dict[str, str], on_page: PageCallback) -> tuple[bytes, int]:
    """Lay out the story once and return the PDF and its number of pages."""
    buffer = BytesIO()
    doc = OutlinedDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN - FRAME_PADDING,
        rightMargin=MARGIN - FRAME_PADDING,
        topMargin=MARGIN - FRAME_PADDING,
        bottomMargin=MARGIN + 4 * mm - FRAME_PADDING,
        creator=CREATOR,
        lang="en-GB",
        **metadata,
    )
    doc.build(story, onFirstPage=on_page, onLaterPages=on_page)
    return buffer.getvalue(), doc.page
