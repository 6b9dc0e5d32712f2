"""Proof and records: certificates, verification, My learning record and the CPD export."""

from datetime import UTC, datetime
from io import BytesIO

import pytest
from docx import Document
from flask import url_for
from pypdf import PdfReader
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Completion, Feedback
from tests.conftest import edit, parse
from tests.integration.learner import REFLECTION, Learner


@pytest.fixture
def learner(client, auth, create_user):
    user = create_user(name="Sam Ñoël-Learner", profession="Health visitor")
    auth.sign_in(user)
    return Learner(client, user)


@pytest.fixture
def completed(learner, module):
    """The learner has completed Case 1; returns the completion."""
    attempt = learner.start(module)
    learner.complete_all_pages(attempt)
    learner.submit(attempt)
    return db.session.scalar(select(Completion).where(Completion.attempt_id == attempt.id))


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages)


def test_certificate_names_the_learner_module_version_date_and_code(learner, completed):
    response = learner.client.get(url_for("learn.certificate", completion_id=completed.id))

    text = " ".join(pdf_text(response.data).split())
    assert response.mimetype == "application/pdf"
    assert "Sam Ñoël-Learner" in text
    assert completed.version.title in text
    assert f"version {completed.version.number}" in text.lower()
    assert completed.certificate_code in text.replace(" ", "") or completed.certificate_code[:12] in text


def test_verification_shows_only_name_module_and_date(client, completed):
    page = parse(client.get(url_for("learn.verify_certificate", code=completed.certificate_code)))

    values = [dd.text.strip() for dd in page.select(".govuk-summary-list__value")]
    assert values[0] == "Sam Ñoël-Learner"
    assert values[1] == completed.version.title
    assert len(values) == 3
    assert REFLECTION not in page.get_text()


def test_verification_of_an_unknown_code_shows_nothing(client, auth, completed):
    auth.sign_out()
    response = client.get(url_for("learn.verify_certificate", code="not-a-real-code"))

    assert response.status_code == 404
    assert "Sam" not in response.get_data(as_text=True)


def test_another_learners_certificate_is_404(client, auth, create_user, completed):
    auth.sign_out()
    auth.sign_in(create_user())

    assert client.get(url_for("learn.certificate", completion_id=completed.id)).status_code == 404


def test_learning_record_lists_completions_feedback_and_cpd_hours_for_a_year(learner, completed, create_user):
    trainer = create_user(roles=["trainer"], name="Tara Trainer")
    db.session.add(
        Feedback(attempt_id=completed.attempt_id, author_id=trainer.id, text="Thoughtful <b>reflection</b>.")
    )
    db.session.commit()
    year = completed.submitted_at.year

    this_year = parse(learner.client.get(url_for("learn.my_record", year=year)))
    last_year = parse(learner.client.get(url_for("learn.my_record", year=year - 1)))

    assert completed.version.title in this_year.select_one("table").text
    assert "Thoughtful <b>reflection</b>." in this_year.select_one(".govuk-inset-text").text
    minutes = completed.version.minutes
    assert f"{minutes / 60:.1f} hours" in this_year.select_one("#cpd-total").text
    assert "0.0 hours" in last_year.select_one("#cpd-total").text


def test_reflections_export_as_pdf_and_word_hold_the_learners_own_answers(learner, completed):
    pdf = learner.client.get(url_for("learn.export_reflections", fmt="pdf"))
    docx = learner.client.get(url_for("learn.export_reflections", fmt="docx"))

    pdf_words = " ".join(pdf_text(pdf.data).split())
    document = Document(BytesIO(docx.data))
    cells = [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    word_text = "\n".join([p.text for p in document.paragraphs] + cells)
    for text in (pdf_words, word_text):
        assert "Sam Ñoël-Learner" in text
        assert completed.version.title in text
        assert REFLECTION[:40] in text
    assert pdf.headers["Content-Disposition"].startswith("attachment")


def test_reflections_export_holds_only_the_signed_in_learners_answers(client, auth, create_user, completed):
    auth.sign_out()
    other = create_user(name="Other Person")
    auth.sign_in(other)

    text = pdf_text(client.get(url_for("learn.export_reflections", fmt="pdf")).data)

    assert "Other Person" in text
    assert REFLECTION[:30] not in " ".join(text.split())
    assert "not written any reflections yet" in " ".join(text.split())


def test_an_unknown_export_format_is_404(learner):
    assert learner.client.get(url_for("learn.export_reflections", fmt="exe")).status_code == 404


def test_confirmation_offers_the_certificate(learner, completed):
    page = parse(learner.client.get(url_for("learn.confirmation", attempt_id=completed.attempt_id)))

    link = page.find("a", string="Download your certificate (PDF)")
    assert link["href"].endswith(url_for("learn.certificate", completion_id=completed.id, _external=False))


def test_completed_module_shows_on_my_learning_with_its_date(learner, completed):
    page = parse(learner.client.get(url_for("learn.my_learning")))

    completed_section = page.select_one("#completed").find_next("ul")
    assert completed.version.title in completed_section.text
    assert "Last completed" in completed_section.text


def test_theme_page_lists_every_question_on_the_theme(learner, loaded_modules):
    page = parse(learner.client.get(url_for("learn.theme", slug="the-silent-child")))

    assert page.select_one("h1").text == "The silent child"
    questions = [li.text for li in page.select("ul.govuk-list--bullet li")]
    assert any("siblings" in q for q in questions)


def test_completion_keeps_naming_the_version_completed_after_content_changes(completed, module, content):
    from quizapp.curriculum.loader import load_content

    edit(content / "modules" / f"{module.slug}.yaml", "minutes: ", "minutes: 1")
    load_content(content)
    db.session.commit()

    db.session.refresh(completed)
    db.session.refresh(module)
    assert module.current_version.number == 2
    assert completed.version.number == 1
    assert completed.submitted_at <= datetime.now(UTC)


def test_the_certificate_link_uses_the_public_address_not_the_request_host(app, learner, completed):
    from quizapp.records.learning_record import certificate_data

    app.config["PUBLIC_URL"] = "https://learning.example.org"
    with app.test_request_context("/", base_url="http://attacker.example"):
        link = certificate_data(completed).verify_url

    assert link == f"https://learning.example.org/certificates/verify/{completed.certificate_code}"


def test_verification_is_neither_cached_nor_indexed(client, completed):
    response = client.get(url_for("learn.verify_certificate", code=completed.certificate_code))

    assert response.headers["Cache-Control"] == "no-store"
    assert "noindex" in response.headers["X-Robots-Tag"]
