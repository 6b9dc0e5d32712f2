"""The migrations build exactly the schema the models describe, on SQLite and PostgreSQL."""

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade
from sqlalchemy import create_engine, inspect, text

from quizapp.extensions import db
from tests.conftest import ROOT, make_app


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
