"""Hostile text people write shows as plain text in every PDF and Word download, never as a link or script."""

import re
from io import BytesIO

import pytest
from docx import Document
from flask import url_for
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject

from quizapp.extensions import db
from quizapp.models import Completion, Feedback, Role
from tests.conftest import PASSWORD
from tests.integration.submissions import submitted_attempt
from tests.security.corpus import ANSWER, FORMULAS, MARKUP, visible

NAME = 'Sam <script>alert("name")</script> =HYPERLINK("http://evil.example")'
SCRIPT_ACTIONS = {"/JavaScript", "/Launch", "/SubmitForm", "/ImportData", "/GoToR", "/GoToE"}
# The only fields Word documents may hold: page numbers in the footer.
PAGE_FIELDS = {"PAGE", "NUMPAGES", "SECTIONPAGES"}


@pytest.fixture
def hostile(app, create_user, module):
    """A learner with a hostile name whose every written answer, and a trainer's feedback, is the corpus."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("what a document shows does not depend on the database")
    learner = create_user(name=NAME, agency="Hackney <b>Agency</b>", profession="=cmd|' /C calc'!A0")
    attempt = submitted_attempt(learner, module, text=ANSWER)
    trainer = create_user(roles=(Role.TRAINER,))
    db.session.add(Feedback(attempt_id=attempt.id, author_id=trainer.id, text="Feedback:\n" + ANSWER))
    db.session.commit()
    completion = db.session.scalars(db.select(Completion).where(Completion.attempt_id == attempt.id)).one()
    return learner, completion


def download(client, auth, person, endpoint, **args) -> bytes:
    auth.sign_in(person.email, PASSWORD)
    response = client.get(url_for(endpoint, **args))
    auth.sign_out()
    assert response.status_code == 200, (endpoint, response.status_code)
    return response.get_data()


def pdf_text(data: bytes) -> str:
    return visible(" ".join(page.extract_text() for page in PdfReader(BytesIO(data)).pages))


def pdf_actions(data: bytes) -> tuple[list[str], list[str]]:
    """Return every script-like action and every link address anywhere in the PDF's object graph."""
    seen: set[tuple[int, int]] = set()
    scripts: list[str] = []
    uris: list[str] = []

    def walk(obj) -> None:
        if isinstance(obj, IndirectObject):
            if (obj.idnum, obj.generation) in seen:
                return
            seen.add((obj.idnum, obj.generation))
            obj = obj.get_object()
        if isinstance(obj, DictionaryObject):
            for key, value in obj.items():
                if key in ("/JS", "/JavaScript", "/AA", "/OpenAction") or (key == "/S" and value in SCRIPT_ACTIONS):
                    scripts.append(f"{key} {value}")
                if key == "/URI":
                    uris.append(str(value.get_object()))
                walk(value)
        elif isinstance(obj, ArrayObject):
            for item in obj:
                walk(item)

    walk(PdfReader(BytesIO(data)).trailer)
    return scripts, uris


def docx_text(data: bytes) -> str:
    body = Document(BytesIO(data)).element.body
    return visible(" ".join(node.text or "" for node in body.iter() if node.tag.endswith("}t")))


def docx_links_and_fields(data: bytes) -> tuple[list[str], list[str]]:
    """Return every hyperlink target and every field instruction in every part of the Word file."""
    package = Document(BytesIO(data)).part.package
    links, fields = [], []
    for part in package.iter_parts():
        links += [rel.target_ref for rel in part.rels.values() if rel.reltype.endswith("/hyperlink")]
        xml = part.blob.decode("utf-8", "replace") if part.content_type.endswith("xml") else ""
        fields += re.findall(r"<w:instrText[^>]*>([^<]*)</w:instrText>", xml)
        fields += re.findall(r'w:instr="([^"]*)"', xml)
        links += ["<w:hyperlink>"] * xml.count("<w:hyperlink")
    return links, [field.split()[0] if field.split() else field for field in fields]


def test_the_corpus_is_plain_text_in_every_pdf(client, auth, create_user, hostile):
    learner, completion = hostile
    manager = create_user(roles=(Role.MANAGER,), manager_scope="partnership")
    admin = create_user(roles=(Role.ADMIN,))
    documents = {
        "learner's record": (download(client, auth, learner, "learn.export_reflections", fmt="pdf"), True),
        "learner's certificate": (download(client, auth, learner, "learn.certificate", completion_id=completion.id), 0),
        "manager's copy": (
            download(client, auth, manager, "reports.certificate", user_id=learner.id, completion_id=completion.id),
            False,
        ),
        "subject access": (download(client, auth, admin, "admin.subject_access", user_id=learner.id, fmt="pdf"), True),
    }
    problems = []
    for name, (data, holds_answers) in documents.items():
        text = pdf_text(data)
        if visible("Sam <script>") not in text:
            problems.append(f"{name}: the name is not shown as text")
        for payload in MARKUP + FORMULAS if holds_answers else []:
            if visible(payload) not in text:
                problems.append(f"{name}: {payload!r} is not shown as text")
        scripts, uris = pdf_actions(data)
        problems += [f"{name}: script action {script}" for script in scripts]
        problems += [f"{name}: link to {uri}" for uri in uris if not uri.startswith("http://localhost/certificates/")]

    assert problems == []


def test_the_corpus_is_plain_text_in_the_word_record_with_no_links_or_fields(client, auth, hostile):
    learner, _ = hostile

    data = download(client, auth, learner, "learn.export_reflections", fmt="docx")

    text = docx_text(data)
    assert [payload for payload in MARKUP + FORMULAS if visible(payload) not in text] == []
    assert text.count(visible(MARKUP[0])) >= 2, "in the answers and in the feedback"
    links, fields = docx_links_and_fields(data)
    assert links == []
    assert set(fields) <= PAGE_FIELDS


def test_the_checks_find_a_link_and_a_script_when_there_is_one():
    """The PDF and Word checks above would see a link built from user text, were one ever made."""
    from docx.opc.constants import RELATIONSHIP_TYPE
    from reportlab.pdfgen.canvas import Canvas

    buffer = BytesIO()
    canvas = Canvas(buffer)
    canvas.drawString(10, 10, "Click me")
    canvas.linkURL("javascript:alert(1)", (0, 0, 10, 10))
    canvas.showPage()
    canvas.save()
    document = Document()
    document.part.relate_to("javascript:alert(1)", RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    saved = BytesIO()
    document.save(saved)

    assert pdf_actions(buffer.getvalue())[1] == ["javascript:alert(1)"]
    assert docx_links_and_fields(saved.getvalue())[0] == ["javascript:alert(1)"]
