"""On SQLite a download streams in a read-only transaction: learners saving answers meanwhile are not held up."""

import sqlite3
import time
from datetime import date

import pytest
from flask import url_for

from quizapp.extensions import db
from quizapp.models import Role, Scope
from tests.integration.records_factory import complete


def write_elsewhere(app, user_id: int) -> float:
    """Write from another connection, as another worker's autosave would; return the seconds it took."""
    path = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    started = time.perf_counter()
    with sqlite3.connect(path, timeout=0.5, isolation_level=None) as other:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE users SET name = name WHERE id = ?", (user_id,))
        other.execute("COMMIT")
    return time.perf_counter() - started


@pytest.mark.parametrize(
    ("role", "endpoint", "args"),
    [
        ((Role.MANAGER,), "reports.download", {"fmt": "csv"}),
        ((Role.ADMIN,), "admin.export_audit_log", {}),
        (
            (Role.TRAINER,),
            "review.export",
            {"module": "case-1-early-help-self-referral", "format": "csv", "agency_level": "none"},
        ),
    ],
)
def test_another_writer_is_not_blocked_while_a_download_streams(
    app, client, auth, create_user, loaded_modules, role, endpoint, args
):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL readers never block writers")
    module = loaded_modules["case-1-early-help-self-referral"]
    people = [create_user(name=f"Learner {n:02d}") for n in range(30)]
    for person in people:
        complete(person, module, date(2026, 1, 5))
    viewer = create_user(roles=role, email="viewer@example.org", manager_scope=Scope.AGENCY)
    auth.sign_in(viewer)

    response = client.get(url_for(endpoint, **args), buffered=False)
    chunks = iter(response.response)
    first = next(chunks)
    assert response.status_code == 200 and response.mimetype == "text/csv" and first
    next(chunks, None)  # the rows are being read: the download's transaction is open

    try:
        assert write_elsewhere(app, people[0].id) < 0.5
    except sqlite3.OperationalError as error:
        pytest.fail(f"a learner's save was refused while a download streamed: {error}")
    finally:
        for _ in chunks:
            pass
        response.close()
