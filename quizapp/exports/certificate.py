"""A one-page certificate of completion."""

from io import BytesIO

import segno
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Frame, HRFlowable, KeepInFrame, Paragraph, Spacer

from quizapp.exports.documents import CertificateData
from quizapp.exports.fonts import BOLD, REGULAR, markup, register_fonts
from quizapp.exports.pdf_layout import ACCENT, CREATOR, INK, MUTED, RULE
from quizapp.exports.wording import clean_text, duration, long_date

PAGE_WIDTH, PAGE_HEIGHT = landscape(A4)
BORDER = 12 * mm
INSET = 30 * mm
FOOT_BOTTOM, FOOT_HEIGHT = BORDER + 8 * mm, 18 * mm
BODY_BOTTOM = FOOT_BOTTOM + FOOT_HEIGHT + 4 * mm
# The QR code of the verification link sits in the bottom right corner, clear of the double border.
QR_SIZE = 24 * mm
QR_RIGHT, QR_BOTTOM = PAGE_WIDTH - BORDER - 6 * mm, BORDER + 6 * mm
# The footer's words keep as far from the left edge as the QR code does from the right, so they stay centred.
FOOT_INSET = PAGE_WIDTH - QR_RIGHT + QR_SIZE + 6 * mm
BODY_HEIGHT = PAGE_HEIGHT - INSET - BODY_BOTTOM


def render_certificate_pdf(cert: CertificateData) -> bytes:
    """Return a one-page A4 landscape certificate of completion."""
    register_fonts()
    buffer = BytesIO()
    canvas = Canvas(buffer, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), lang="en-GB")
    _describe(canvas, cert)
    _draw_border(canvas)
    _fill(canvas, BODY_BOTTOM, BODY_HEIGHT, _centred(_body(cert), BODY_HEIGHT))
    _fill(canvas, FOOT_BOTTOM, FOOT_HEIGHT, _verification(cert), inset=FOOT_INSET)
    _draw_qr_code(canvas, cert.verify_url)
    canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def _describe(canvas: Canvas, cert: CertificateData) -> None:
    """Set the document metadata readers and screen readers show."""
    canvas.setTitle(clean_text(f"Certificate of completion: {cert.module_title}"))
    canvas.setAuthor(clean_text(cert.partnership))
    canvas.setSubject(clean_text(f"Awarded to {cert.learner_name}, verification code {cert.code}"))
    canvas.setCreator(CREATOR)
    canvas.setViewerPreference("DisplayDocTitle", "true")


def _draw_border(canvas: Canvas) -> None:
    """Draw a plain double rule around the page."""
    canvas.setStrokeColor(ACCENT)
    canvas.setLineWidth(2)
    canvas.rect(BORDER, BORDER, PAGE_WIDTH - 2 * BORDER, PAGE_HEIGHT - 2 * BORDER)
    canvas.setLineWidth(0.5)
    gap = BORDER + 2.5 * mm
    canvas.rect(gap, gap, PAGE_WIDTH - 2 * gap, PAGE_HEIGHT - 2 * gap)


def _style(name: str, size: float, *, bold: bool = False, colour=INK, after: float = 0) -> ParagraphStyle:
    """Return a centred style of the given size."""
    return ParagraphStyle(
        name,
        fontName=BOLD if bold else REGULAR,
        fontSize=size,
        leading=size * 1.25,
        textColor=colour,
        alignment=TA_CENTER,
        spaceAfter=after,
    )


def _body(cert: CertificateData) -> list[Flowable]:
    """Return the words of the certificate, from the partnership down to the CPD time."""
    return [
        Paragraph(markup(cert.partnership), _style("partnership", 15, bold=True, colour=ACCENT, after=6)),
        HRFlowable(width=40 * mm, thickness=1, color=RULE, spaceBefore=2, spaceAfter=16),
        Paragraph("Certificate of completion", _style("title", 34, bold=True, after=18)),
        Paragraph("This is to certify that", _style("lead", 13, colour=MUTED, after=6)),
        Paragraph(markup(cert.learner_name), _style("name", 28, bold=True, colour=ACCENT, after=12)),
        Paragraph("has completed the module", _style("lead2", 13, colour=MUTED, after=6)),
        Paragraph(markup(cert.module_title), _style("module", 19, bold=True, after=4)),
        Paragraph(f"version {cert.version_number}", _style("version", 12, colour=MUTED, after=16)),
        Paragraph(f"on {long_date(cert.completed_on)}", _style("date", 14, after=4)),
        Paragraph(f"{duration(cert.cpd_minutes)} of CPD", _style("cpd", 14, after=0)),
    ]


def _verification(cert: CertificateData) -> list[Flowable]:
    """Return the code and address anyone can use to check the certificate is genuine."""
    small = _style("verify", 9.5, colour=MUTED)
    return [
        HRFlowable(width="60%", thickness=0.5, color=RULE, spaceAfter=6),
        Paragraph(f"Verification code: <b>{markup(cert.code)}</b>", small),
        Paragraph(f"Check this certificate at {markup(cert.verify_url)}", small),
    ]


def _centred(flowables: list[Flowable], height: float) -> list[Flowable]:
    """Return the flowables with space above them so they sit in the middle of the height."""
    width = PAGE_WIDTH - 2 * INSET
    used = sum(f.wrap(width, height)[1] + f.getSpaceBefore() + f.getSpaceAfter() for f in flowables)
    return [Spacer(1, max(height - used, 0) / 2), *flowables]


def _fill(canvas: Canvas, bottom: float, height: float, flowables: list[Flowable], inset: float = INSET) -> None:
    """Draw flowables in a box across the page, shrinking them if they would not fit."""
    frame = Frame(inset, bottom, PAGE_WIDTH - 2 * inset, height, 0, 0, 0, 0, showBoundary=0)
    frame.addFromList([KeepInFrame(frame.width, height, flowables, mode="shrink")], canvas)


def qr_modules(url: str) -> list[list[bool]]:
    """Return the dark and light modules of the QR code of a link, row by row from the top."""
    return [[bool(dark) for dark in row] for row in segno.make(url, error="m").matrix_iter(scale=1, border=0)]


def _draw_qr_code(canvas: Canvas, url: str) -> None:
    """Draw the QR code of the verification link as squares, so it stays sharp at any size."""
    modules = qr_modules(url)
    cell = QR_SIZE / len(modules)
    left, top = QR_RIGHT - QR_SIZE, QR_BOTTOM + QR_SIZE
    canvas.setFillColor(INK)
    for row, cells in enumerate(modules):
        for column, dark in enumerate(cells):
            if dark:
                canvas.rect(left + column * cell, top - (row + 1) * cell, cell, cell, stroke=0, fill=1)
