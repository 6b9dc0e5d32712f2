"""Hostile text saved in every free-text field people fill is shown escaped on every page, and never as a formula."""

import csv
import io

from flask import url_for
from openpyxl import load_workbook

from quizapp.extensions import db
from quizapp.models import Feedback, Role
from tests.conftest import PASSWORD
from tests.integration.submissions import question_of, submitted_attempt

# Script tags, attribute breakouts, javascript: URLs, SVG, and spreadsheet formulas.
RAW_MARKUP = ['<script>alert("x")</script>', '"><img src=x onerror=alert(1)>', "<svg onload=alert(2)>"]
HOSTILE = " ".join(RAW_MARKUP + ["javascript:alert(3)"])
FORMULAS = ['=HYPERLINK("http://example.org","x")', "+SUM(1,1)", "-1+1", "@cmd", "\tTab", "\rCR"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def raw_markup_in(response) -> list[str]:
    text = response.get_data(as_text=True)
    return [payload for payload in RAW_MARKUP if payload in text]


def formula_cells(response) -> list[str]:
    """Return the cells of a CSV or Excel download that a spreadsheet would run as a formula."""
    if response.mimetype == "text/csv":
        rows = csv.reader(io.StringIO(response.get_data(as_text=True).removeprefix("\ufeff")))
    else:
        rows = load_workbook(io.BytesIO(response.get_data()), read_only=True).worksheets[0].iter_rows(values_only=True)
    return [str(cell) for row in rows for cell in row if isinstance(cell, str) and cell.startswith(FORMULA_STARTS)]


def test_hostile_names_answers_and_feedback_are_escaped_everywhere(client, auth, create_user, module):
    learner = create_user(name=RAW_MARKUP[0] + " Sam", agency=RAW_MARKUP[1] + " Agency", profession=RAW_MARKUP[2])
    attempt = submitted_attempt(learner, module, text=HOSTILE + " " + FORMULAS[0])
    trainer = create_user(roles=(Role.TRAINER,), name=FORMULAS[1] + " Trainer")
    db.session.add(Feedback(attempt_id=attempt.id, author_id=trainer.id, text=HOSTILE + " " + FORMULAS[2]))
    db.session.commit()
    manager = create_user(roles=(Role.MANAGER,), manager_scope="partnership")
    admin = create_user(roles=(Role.ADMIN,))
    question = question_of(attempt)
    pages = {
        learner: ["learn.my_learning", "learn.my_record", ("learn.my_answers", {"attempt_id": attempt.id})],
        trainer: [
            "review.home",
            ("review.submission", {"attempt_id": attempt.id}),
            ("review.question", {"question_id": question.id}),
        ],
        manager: ["reports.home", ("reports.person", {"user_id": learner.id})],
        admin: ["admin.people", ("admin.person", {"user_id": learner.id}), "admin.audit_log"],
    }
    downloads = {
        trainer: [
            ("review.export", {"question": question.id, "format": f, "agency_level": "agency"}) for f in ("csv", "xlsx")
        ],
        manager: [("reports.download", {"fmt": "csv"}), ("reports.download", {"fmt": "xlsx"})],
        admin: [("admin.export_audit_log", {})],
    }
    found, shown = [], 0
    for person in pages:
        auth.sign_in(person.email, PASSWORD)
        for page in pages[person]:
            endpoint, args = page if isinstance(page, tuple) else (page, {})
            response = client.get(url_for(endpoint, **args))
            assert response.status_code == 200, endpoint
            found += [f"{endpoint}: {payload}" for payload in raw_markup_in(response)]
            shown += "&lt;script&gt;" in response.get_data(as_text=True)
        for endpoint, args in downloads.get(person, []):
            response = client.get(url_for(endpoint, **args))
            assert response.status_code == 200, endpoint
            found += [f"{endpoint}: {cell!r}" for cell in formula_cells(response)]
        auth.sign_out()

    assert found == []
    assert shown >= 6, "the hostile text was shown, escaped, on the pages that show it"
