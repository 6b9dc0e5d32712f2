"""The certificate of completion a learner downloads."""

from datetime import date
from io import BytesIO

import pytest
from pypdf import PdfReader

from quizapp.exports import CertificateData, render_certificate_pdf

CODE = "Xk3v9QpL2mZr8TbW4yHn6sJd1cFa0eGu"


def make_certificate(**changes) -> CertificateData:
    """Return the certificate of a social worker who completed version 2 of a module."""
    fields = dict(
        partnership="City & Hackney Safeguarding Children Partnership",
        learner_name="Zoë O’Brien",
        module_title="Case 1: the silent child",
        version_number=2,
        completed_on=date(2026, 11, 22),
        cpd_minutes=45,
        code=CODE,
        verify_url=f"http://127.0.0.1:5000/certificates/verify/{CODE}",
    )
    return CertificateData(**(fields | changes))


def read(cert: CertificateData) -> PdfReader:
    """Render a certificate and open it again."""
    return PdfReader(BytesIO(render_certificate_pdf(cert)))


def text_of(reader: PdfReader) -> str:
    """Return the text of every page with whitespace collapsed."""
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


def test_certificate_says_who_completed_what_and_when():
    text = text_of(read(make_certificate()))

    for expected in (
        "City & Hackney Safeguarding Children Partnership",
        "Certificate of completion",
        "Zoë O’Brien",
        "Case 1: the silent child",
        "version 2",
        "22 November 2026",
        "45 minutes of CPD",
        f"Verification code: {CODE}",
        f"http://127.0.0.1:5000/certificates/verify/{CODE}",
    ):
        assert expected in text


def test_certificate_is_one_a4_landscape_page():
    reader = read(make_certificate())

    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


@pytest.mark.parametrize(
    "changes",
    [
        {"learner_name": "Maria-Magdalena Alexandrescu-Vasilescu Ó Súilleabháin Þórsdóttir " * 3},
        {"module_title": "Transition planning for a young person leaving care " * 8},
        {"verify_url": "https://learning.example.org.uk/certificates/verify/" + CODE * 6},
    ],
    ids=["long name", "long title", "long address"],
)
def test_long_details_still_fit_on_one_page(changes):
    reader = read(make_certificate(**changes))

    assert len(reader.pages) == 1
    assert "Certificate of completion" in text_of(reader)


def test_names_are_shown_literally_not_as_markup():
    text = text_of(read(make_certificate(learner_name='<b>Zoë & "Jo"</b>')))

    assert '<b>Zoë & "Jo"</b>' in text


def test_cpd_time_over_an_hour_reads_naturally():
    text = text_of(read(make_certificate(cpd_minutes=90)))

    assert "1 hour 30 minutes of CPD" in text


def test_certificate_metadata_names_the_module_and_partnership():
    reader = read(make_certificate())

    assert reader.metadata.title == "Certificate of completion: Case 1: the silent child"
    assert reader.metadata.author == "City & Hackney Safeguarding Children Partnership"
    assert reader.trailer["/Root"]["/Lang"] == "en-GB"


def test_certificate_carries_a_qr_code_of_its_verification_link(tmp_path):
    import subprocess

    from PIL import Image

    from quizapp.exports.certificate import PAGE_HEIGHT, QR_BOTTOM, QR_RIGHT, QR_SIZE, qr_modules

    url = "https://learning.example.org/certificates/verify/7KQM-2XHD-R9TB"
    (tmp_path / "c.pdf").write_bytes(render_certificate_pdf(make_certificate(verify_url=url)))
    subprocess.run(["pdftoppm", "-r", "200", "-png", "-singlefile", tmp_path / "c.pdf", tmp_path / "c"], check=True)
    image = Image.open(tmp_path / "c.png").convert("L")
    expected = qr_modules(url)
    scale, cell = 200 / 72, QR_SIZE / len(expected)
    left, top = QR_RIGHT - QR_SIZE, PAGE_HEIGHT - (QR_BOTTOM + QR_SIZE)

    def dark(row, column):
        x, y = (left + (column + 0.5) * cell) * scale, (top + (row + 0.5) * cell) * scale
        return image.getpixel((round(x), round(y))) < 128

    seen = [[dark(r, c) for c in range(len(expected))] for r in range(len(expected))]
    assert seen == expected
    assert qr_modules("https://learning.example.org/certificates/verify/other") != expected


def test_certificate_codes_are_short_grouped_and_unambiguous():
    import re

    from quizapp.models.types import new_certificate_code

    codes = {new_certificate_code() for _ in range(500)}

    assert len(codes) == 500
    assert all(re.fullmatch(r"[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}-[2-9A-HJKMNP-TV-Z]{4}", c) for c in codes)
    assert not set("".join(codes)) & set("01OILU")
