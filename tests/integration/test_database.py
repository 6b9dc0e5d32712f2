"""SQLite is set up so that several workers can write without "database is locked"."""

import threading

import pytest
from sqlalchemy import text

from quizapp.extensions import db
from quizapp.models import Agency
from tests.conftest import make_app


@pytest.fixture
def sqlite_app(tmp_path):
    app = make_app(f"sqlite:///{tmp_path / 'pragmas.sqlite'}")
    with app.app_context():
        db.create_all()
        yield app
        db.engine.dispose()


def test_sqlite_connections_use_wal_a_busy_timeout_and_foreign_keys(sqlite_app):
    with db.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() >= 5000
        assert conn.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def test_sqlite_transactions_take_the_write_lock_at_begin(sqlite_app):
    statements = []
    with db.engine.connect() as conn:
        conn.connection.dbapi_connection.set_trace_callback(statements.append)
        with conn.begin():
            conn.execute(text("SELECT 1"))

    assert statements[0] == "BEGIN IMMEDIATE"


def test_concurrent_writers_wait_rather_than_fail(sqlite_app):
    errors = []

    def write(n):
        with sqlite_app.app_context():
            try:
                for i in range(20):
                    db.session.add(Agency(name=f"Agency {n}-{i}", kind="health"))
                    db.session.commit()
            except Exception as error:  # noqa: BLE001 - collected and asserted below
                errors.append(error)
            finally:
                db.session.remove()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert db.session.scalar(db.select(db.func.count(Agency.id))) == 80
