"""SQLite gathers statistics for its query planner by itself, as its documentation advises applications to do."""

import sqlite3

import pytest
from sqlalchemy import insert, select, text

from quizapp import database
from quizapp.extensions import db
from quizapp.models import Role, User, UserRole
from tests.conftest import make_app


def analysed_tables(path) -> set[str]:
    with sqlite3.connect(path) as connection:
        if not connection.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'").fetchone():
            return set()
        return {table for (table,) in connection.execute("SELECT tbl FROM sqlite_stat1")}


def test_tables_read_without_statistics_get_them_when_the_connection_is_given_back(tmp_path, monkeypatch):
    monkeypatch.setattr(database, "OPTIMIZE_EVERY_SECONDS", 0)  # as if the last time were long ago
    path = tmp_path / "statistics.sqlite"
    app = make_app(f"sqlite:///{path}")
    with app.app_context():
        db.create_all()
        people = [{"email": f"p{n}@example.org", "name": f"P {n}", "session_token": f"t{n}"} for n in range(500)]
        db.session.execute(insert(User), people)
        db.session.execute(insert(UserRole), [{"user_id": n, "role": Role.LEARNER.value} for n in range(1, 501)])
        db.session.commit()
        assert "users" not in analysed_tables(path)

        learners = select(User.id).join(UserRole, UserRole.user_id == User.id).where(User.name > "P 3")
        db.session.execute(learners.where(UserRole.role == Role.LEARNER.value)).all()
        db.session.remove()  # the request ends: its connection goes back to the pool

        assert {"users", "user_roles"} <= analysed_tables(path)
        with db.engine.connect() as connection:
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 10_000
        db.engine.dispose()


def test_statistics_are_brought_up_to_date_only_every_so_often_not_on_every_request(tmp_path):
    path = tmp_path / "statistics.sqlite"
    app = make_app(f"sqlite:///{path}")
    with app.app_context():
        db.create_all()
        db.session.execute(insert(User), [{"email": "a@example.org", "name": "A", "session_token": "t"}])
        db.session.commit()
        db.session.remove()  # the connection goes back once: the first time always brings statistics up to date
        statements: list[str] = []
        with db.engine.connect() as connection:
            connection.connection.driver_connection.set_trace_callback(statements.append)
            connection.execute(select(User.id)).all()
        # Given back again soon after, it runs nothing more than its own rollback.
        assert not [s for s in statements if "optimize" in s or "busy_timeout" in s]
        db.engine.dispose()


def test_postgresql_plans_without_compiling_queries_to_machine_code(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has no JIT")
    # Set for the connection, so every query of every request has it, not only those that remember to ask.
    assert db.session.execute(text("SHOW jit")).scalar() == "off"
    db.session.commit()
    with db.engine.connect() as other:
        assert other.execute(text("SHOW jit")).scalar() == "off"
