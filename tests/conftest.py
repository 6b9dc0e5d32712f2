"""Fixtures in flaskr's shape: app, client, runner, sign-in helper and factories."""

import functools
import os
import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from flask import Flask, url_for
from flask.testing import FlaskClient
from jinja2.bccache import Bucket, BytecodeCache
from sqlalchemy import Table, bindparam, event, text

from quizapp import create_app
from quizapp.database import begin_statement
from quizapp.extensions import db, limiter
from quizapp.models import Role
from quizapp.people.operations import ensure_agency, ensure_team, upsert_user
from tests.postgres import find_bin_dir, running_server
from tests.services import find_redis_server, redis_server, smtp_server

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "correct horse battery staple"
REQUIRED = os.environ.get("CI") or os.environ.get("QUIZAPP_REQUIRE_ALL")


@pytest.fixture(autouse=True)
def _rate_limits_off_afterwards():
    """Turn rate limits off again after a test that turned them on.

    The limiter is one object shared by every app in the process, so a test's app with limits on would otherwise
    leave them on for the browser tests' live server that runs later on the same worker.
    """
    yield
    limiter.enabled = False


@pytest.fixture(scope="session")
def postgres_url():
    """Start one throwaway PostgreSQL server for the whole session."""
    bin_dir = find_bin_dir()
    if bin_dir is None:
        message = "PostgreSQL binaries not found (set POSTGRES_BIN)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    with running_server(bin_dir) as url:
        yield url


@pytest.fixture(scope="session")
def redis_url():
    """Start one throwaway Redis server for the whole session."""
    binary = find_redis_server()
    if binary is None:
        message = "redis-server not found (apt-get install redis-server)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    with redis_server(binary) as url:
        yield url


@pytest.fixture
def mail_server(app):
    """A real SMTP server on loopback that the app sends to: mail_server.messages, mail_server.refuse = True."""
    with smtp_server() as server:
        app.config.update(MAIL_SERVER=server.host, MAIL_PORT=server.port)
        yield server


@pytest.fixture(scope="session", params=["sqlite", "postgresql"])
def database_url(request, tmp_path_factory):
    """Each database test runs on SQLite and on a real PostgreSQL server."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite'}"
    return request.getfixturevalue("postgres_url")


@pytest.fixture(scope="session")
def _created_schema(database_url):
    """Create the schema once per database; tests empty the tables afterwards."""
    app = create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": database_url})
    with app.app_context():
        db.drop_all()
        db.create_all()
        db.engine.dispose()
    return database_url


class CompiledTemplates(BytecodeCache):
    """Compiled templates kept in memory and shared by every app a worker builds.

    Every app has its own Jinja environment, which would otherwise compile again each template it renders: when each
    test built its app, that was the larger part of most tests' time, and tests and live servers still build apps of
    their own. A template whose source changes is compiled afresh, as the key holds its checksum.
    """

    def __init__(self) -> None:
        self.code: dict[tuple[str, str], object] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        bucket.code = self.code.get((bucket.key, bucket.checksum))

    def dump_bytecode(self, bucket: Bucket) -> None:
        self.code[(bucket.key, bucket.checksum)] = bucket.code


COMPILED_TEMPLATES = CompiledTemplates()


def make_app(database_url: str, **overrides):
    """Build an app for tests against the given database, sharing the worker's compiled templates."""
    config = {
        "TESTING": True,
        "SQLALCHEMY_DATABASE_URI": database_url,
        "SERVER_NAME": "localhost",
        "RATELIMIT_ENABLED": False,
        "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        "CONTENT_DIR": str(ROOT / "content"),
    }
    config.update(overrides)
    app = create_app(config)
    app.jinja_env.bytecode_cache = COMPILED_TEMPLATES
    return app


def empty_tables() -> None:
    """Delete every row, children first, and start the ids again from 1, so the next test starts clean."""
    db.session.rollback()
    if db.engine.dialect.name == "postgresql":
        # TRUNCATE makes new files for each table and index: a tenth of a second for all of them. Only the tables that
        # have ever been written to since are emptied so, still by TRUNCATE, as a table emptied by DELETE would give
        # back its rows in another order than they were written, and tests must not find that out by chance.
        written = db.session.scalars(
            text(
                "SELECT quote_ident(relname) FROM pg_class WHERE relkind = 'r' "
                "AND relnamespace = current_schema()::regnamespace AND pg_relation_size(oid) > 0"
            )
        ).all()
        if written:
            db.session.execute(text(f"TRUNCATE {', '.join(written)} CASCADE"))
        db.session.execute(text(restart_sequences()))
    else:
        db.session.execute(text("UPDATE modules SET current_version_id = NULL"))
        for table in reversed(db.metadata.sorted_tables):
            db.session.execute(table.delete())
    db.session.commit()


@functools.cache
def restart_sequences() -> str:
    """One statement that starts every table's id sequence again, as TRUNCATE ... RESTART IDENTITY would."""
    keys = [(table.name, table.autoincrement_column) for table in db.metadata.sorted_tables]
    calls = [f"setval(pg_get_serial_sequence('{t}', '{key.name}'), 1, false)" for t, key in keys if key is not None]
    return f"SELECT {', '.join(calls)}"


# One app per database for each worker, handed to test after test: building an app compiles its hundred and more
# URL rules and opens new database connections, which cost more than many of the tests themselves.
_apps: dict[str, Flask] = {}


def shared_app(database_url: str) -> Flask:
    """The worker's app for this database, built the first time it is asked for."""
    if database_url not in _apps:
        _apps[database_url] = make_app(database_url)
        _apps[database_url].test_client_class = RequestClient
    return _apps[database_url]


@pytest.fixture
def _schema(request, _created_schema):
    """The test database's URL. A test that writes through apps of its own leaves the tables empty afterwards too."""
    yield _created_schema
    if "app" not in request.fixturenames:
        with shared_app(_created_schema).app_context():
            empty_tables()
            db.session.remove()


@pytest.fixture
def app(_schema):
    """An app with an app context pushed, on an empty database, as it was when built.

    What a test changes in the app is put back afterwards: its settings, and what it keeps in app.extensions once
    running (sign-in failure counts), so the next test starts as if with a new app.
    """
    app = shared_app(_schema)
    settings, extensions = dict(app.config), dict(app.extensions)
    with app.app_context():
        yield app
        empty_tables()
        db.session.remove()
    app.config.clear()
    app.config.update(settings)
    app.extensions.clear()
    app.extensions.update(extensions)


class RequestClient(FlaskClient):
    """A test client whose requests each get their own app context, session and `g`, as in production."""

    def open(self, *args, **kwargs):
        # End the test's own transaction so the request sees committed data and, on SQLite,
        # is not kept waiting for a write lock the test holds.
        db.session.rollback()
        with self.application.app_context():
            return super().open(*args, **kwargs)


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def create_user(app):
    """Return a factory that creates a user with roles in a demo agency and team."""
    counter = iter(range(1, 1_000_000))

    def create(
        roles=(Role.LEARNER,),
        email=None,
        name=None,
        agency="Hackney Children and Families Service",
        team="Children in Need",
        profession="Social worker",
        **kwargs,
    ):
        number = next(counter)
        agency_row = ensure_agency(agency, "children's social care")
        team_row = ensure_team(agency_row, team)
        user, _ = upsert_user(
            email or f"person{number}@example.org",
            name or f"Person {number}",
            roles,
            agency=agency_row,
            team=team_row,
            profession=profession,
            password=PASSWORD,
            **kwargs,
        )
        db.session.commit()
        return user

    return create


class AuthActions:
    """Sign in and out through the real forms, as a person would."""

    def __init__(self, client):
        self._client = client

    def sign_in(self, user_or_email, password=PASSWORD, follow_redirects=False, next_url=None):
        email = getattr(user_or_email, "email", user_or_email)
        page = self._client.get(url_for("auth.sign_in"))
        token = csrf_token(page)
        url = url_for("auth.sign_in", next=next_url) if next_url else url_for("auth.sign_in")
        return self._client.post(
            url, data={"email": email, "password": password, "csrf_token": token}, follow_redirects=follow_redirects
        )

    def sign_out(self):
        page = self._client.get(url_for("site.index"), follow_redirects=True)
        return self._client.post(url_for("auth.sign_out"), data={"csrf_token": csrf_token(page)})


@pytest.fixture
def auth(client):
    return AuthActions(client)


def parse(response) -> BeautifulSoup:
    """Parse a response's HTML."""
    return BeautifulSoup(response.get_data(as_text=True), "html.parser")


def csrf_token(response) -> str:
    """Read the CSRF token from a page's first form."""
    match = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', response.get_data(as_text=True))
    assert match, "page has no CSRF token"
    return match.group(1)


@pytest.fixture
def count_queries(app):
    """Count the SQL statements run inside a with-block: `with count_queries() as counted: ...`."""
    from contextlib import contextmanager

    @contextmanager
    def counting():
        statements: list[str] = []

        def before(conn, cursor, statement, *args):
            statements.append(statement)

        # SQLite transactions begin outside SQLAlchemy's statements (database.begin_transactions): count them too.
        dialect = db.engine.dialect
        own_begin = dialect.__dict__.get("do_begin")

        def begin(dbapi_connection):
            statements.append(begin_statement())
            own_begin(dbapi_connection)

        event.listen(db.engine, "before_cursor_execute", before)
        if own_begin:
            dialect.do_begin = begin
        try:
            yield statements
        finally:
            event.remove(db.engine, "before_cursor_execute", before)
            if own_begin:
                dialect.do_begin = own_begin

    return counting


@pytest.fixture
def content(tmp_path) -> Path:
    """A private copy of the real content/ directory, safe to change or break."""
    return Path(shutil.copytree(ROOT / "content", tmp_path / "content"))


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first occurrence of some text in a file, failing if it is not there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


@functools.cache
def checked_real_content(content_dir: str):
    """The real content/, read and checked once per worker: the files do not change during a run."""
    from quizapp.curriculum.loader import checked_content

    return checked_content(content_dir)


@functools.cache
def real_content_rows(content_dir: str) -> list[tuple[Table, list[dict]]]:
    """The rows the loader writes for the real content/ into an empty database, loaded once per worker.

    Loading the six modules runs a few hundred statements; copying the rows it wrote runs one per table.
    """
    from quizapp.curriculum.loader import load_checked

    app = make_app("sqlite://", CONTENT_DIR=content_dir)
    with app.app_context():
        db.create_all()
        load_checked(checked_real_content(content_dir))
        db.session.commit()
        tables = [
            (table, [dict(row._mapping) for row in db.session.execute(table.select())])
            for table in db.metadata.sorted_tables
        ]
        db.session.remove()
        db.engine.dispose()
    return [(table, rows) for table, rows in tables if rows]


def insert_real_content(content_dir: str) -> None:
    """Write the rows the loader would write for the real content/, with the same ids, in the test's transaction."""
    afterwards = []
    for table, rows in real_content_rows(content_dir):
        # A foreign key made after both tables (a module's current version) is filled in once every row is in.
        late = [column.name for column in table.columns if any(key.use_alter for key in column.foreign_keys)]
        db.session.execute(table.insert(), [{**row, **dict.fromkeys(late)} for row in rows])
        if late:
            (key,) = table.primary_key.columns
            values = [{"_key": row[key.name], **{name: row[name] for name in late}} for row in rows]
            afterwards.append((table.update().where(key == bindparam("_key")), values))
    for statement, values in afterwards:
        db.session.execute(statement, values)
    if db.engine.dialect.name == "postgresql":
        # Rows written with their ids leave the sequences behind: move them on, as the loader's inserts would have.
        for table, _ in real_content_rows(content_dir):
            if (key := table.autoincrement_column) is not None:
                highest = f"(SELECT max({key.name}) FROM {table.name})"
                db.session.execute(
                    text(f"SELECT setval(pg_get_serial_sequence(:table, :key), {highest})"),
                    {"table": table.name, "key": key.name},
                )


@pytest.fixture
def loaded_modules(app):
    """Put the real content/ in the database, as the loader writes it, and return the modules by slug."""
    from sqlalchemy import select

    from quizapp.models import Module

    insert_real_content(app.config["CONTENT_DIR"])
    db.session.commit()
    return {m.slug: m for m in db.session.scalars(select(Module))}


@pytest.fixture
def module(loaded_modules):
    """The Case 1 module, loaded from content/."""
    return loaded_modules["case-1-early-help-self-referral"]


@pytest.fixture
def learner(client, auth, create_user):
    """A signed-in learner who works through modules with the test client."""
    from tests.integration.learner import Learner

    user = create_user()
    auth.sign_in(user)
    return Learner(client, user)
