"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import sqlite3
from datetime import date

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from quizapp.curriculum.loader import load_content
from quizapp.extensions import db
from quizapp.models.report_changes import WATCHED
from quizapp.people.demo import create_demo_partnership
from quizapp.people.demo_scale import build_scale_partnership
from tests.conftest import PASSWORD, ROOT, make_app


@pytest.fixture
def empty_database(database_url, tmp_path):
    """An empty database of the same kind as database_url, dropped afterwards."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    admin = create_engine(database_url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS migrations_test"))
        conn.execute(text("CREATE DATABASE migrations_test"))
    yield database_url.rsplit("/", 1)[0] + "/migrations_test"
    with admin.connect() as conn:
        conn.execute(text("DROP DATABASE IF EXISTS migrations_test WITH (FORCE)"))
    admin.dispose()


def schema_differences() -> list:
    with db.engine.connect() as conn:
        context = MigrationContext.configure(conn, opts={"compare_type": True})
        return compare_metadata(context, db.metadata)


def test_upgrade_downgrade_upgrade_matches_the_models(empty_database):
    app = make_app(empty_database)
    directory = str(ROOT / "migrations")
    with app.app_context():
        upgrade(directory=directory)
        assert schema_differences() == []
        downgrade(directory=directory, revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(directory=directory)
        assert schema_differences() == []
        db.engine.dispose()


def _fill(app) -> dict:
    """Load the modules and the demo partnership with a few dozen learners' records; return row counts."""
    load_content(app.config["CONTENT_DIR"])
    create_demo_partnership(PASSWORD)
    build_scale_partnership(40, date(2026, 11, 29))
    db.session.commit()
    return {table: db.session.scalar(text(f"SELECT count(*) FROM {table}")) for table in ("users", "attempts")}


def test_a_database_in_use_downgrades_to_the_start_and_upgrades_again(empty_database):
    app = make_app(empty_database)
    directory = str(ROOT / "migrations")
    with app.app_context():
        upgrade(directory=directory)
        counts = _fill(app)
        assert counts["attempts"] > 40
        db.session.remove()

        # On SQLite, dropping a column rebuilds its table, which others point at: this failed while keys were enforced.
        downgrade(directory=directory, revision="base")
        assert set(inspect(db.engine).get_table_names()) <= {"alembic_version"}
        upgrade(directory=directory)
        assert schema_differences() == []
        # Foreign keys are enforced again on the pooled connection afterwards.
        if db.engine.dialect.name == "sqlite":
            assert db.session.scalar(text("PRAGMA foreign_keys")) == 1
        db.session.remove()
        db.engine.dispose()


def test_a_sqlite_migration_that_would_leave_broken_references_changes_nothing(database_url, empty_database, capfd):
    if not database_url.startswith("sqlite"):
        pytest.skip("PostgreSQL enforces foreign keys during migrations")
    app = make_app(empty_database)
    directory = str(ROOT / "migrations")
    with app.app_context():
        upgrade(directory=directory)
        _fill(app)
        db.session.remove()
        raw = sqlite3.connect(empty_database.removeprefix("sqlite:///"))
        raw.execute("PRAGMA foreign_keys=OFF")
        raw.execute("UPDATE attempts SET user_id = 999999 WHERE id = (SELECT min(id) FROM attempts)")
        raw.commit()
        raw.close()
        head = db.session.scalar(text("SELECT version_num FROM alembic_version"))
        db.session.remove()

        with pytest.raises(SystemExit):  # flask db downgrade says why and exits non-zero
            downgrade(directory=directory, revision="-1")

        assert "the migration left rows pointing at nothing: [('attempts', 1, 'users', 1)]" in capfd.readouterr().err
        assert db.session.scalar(text("SELECT version_num FROM alembic_version")) == head
        db.session.remove()
        assert schema_differences() == []
        db.session.remove()
        db.engine.dispose()


def _triggers() -> set[str]:
    """Return the names of the database's triggers on tables (and, on PostgreSQL, of its own functions)."""
    if db.engine.dialect.name == "sqlite":
        query = "SELECT name FROM sqlite_master WHERE type = 'trigger'"
    else:
        query = (
            "SELECT tgname FROM pg_trigger WHERE NOT tgisinternal UNION "
            "SELECT proname FROM pg_proc WHERE pronamespace = 'public'::regnamespace"
        )
    return set(db.session.scalars(text(query)))


def test_the_report_change_numbers_of_a_database_in_use_cover_every_area(empty_database):
    app = make_app(empty_database)
    directory = str(ROOT / "migrations")
    with app.app_context():
        upgrade(directory=directory, revision="0011_report_counts")
        _fill(app)
        areas = set(db.session.execute(text("SELECT DISTINCT coalesce(agency_id, 0), coalesce(team_id, 0) FROM users")))
        db.session.remove()

        upgrade(directory=directory)
        numbered = db.session.execute(text("SELECT agency_id, team_id, number FROM report_changes")).all()
        assert {(agency, team) for agency, team, _ in numbered} == areas
        assert len({number for _, _, number in numbered}) == len(numbered)  # random starts
        assert _triggers() == _model_triggers()
        db.session.remove()

        # Downgraded, 0011's one number for the whole partnership comes back, and moves.
        downgrade(directory=directory, revision="0011_report_counts")
        assert db.session.scalar(text("SELECT count(*) FROM report_changes")) == 0
        db.session.execute(text("UPDATE users SET active = NOT active WHERE id = (SELECT min(id) FROM users)"))
        db.session.commit()
        assert db.session.execute(text("SELECT id FROM report_changes")).scalars().all() == [1]
        db.session.remove()
        db.engine.dispose()


def _model_triggers() -> set[str]:
    """Return the names of the triggers (and functions) a database made from the models has."""
    if db.engine.dialect.name == "sqlite":
        return {f"report_change_{table}_{event}" for table in WATCHED for event in ("insert", "delete", "update")}
    functions = {"note_report_change", "note_report_person", "note_report_area"}
    return functions | {f"report_change_{table}{end}" for table in WATCHED for end in ("", "_truncate")}


def test_a_database_made_from_the_models_has_the_same_triggers(app):
    assert _triggers() == _model_triggers()
