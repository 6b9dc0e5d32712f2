"""Database connection settings that keep SQLite safe with several workers, and SQLite backups.

When a transaction takes SQLite's one write lock (PostgreSQL locks rows, so there all of this is moot):

- By default, at BEGIN (BEGIN IMMEDIATE): a request that may write holds the lock from its first statement to
  its commit, so two writers queue on busy_timeout instead of one failing half-way with "database is locked".
- Never, for a request that only reads: GET and HEAD in READ_ONLY_GET_BLUEPRINTS, and a session on
  reading_engine(), which reads beside a request that holds the lock (the catalogue's copy).
- Only inside short_write, for a view marked reads_first: it reads without the lock, then writes a few statements
  in a transaction of their own, taking turns with other short writes (sqlite_write_turn). Autosave does; the
  completion report page, also marked, never writes at all.
- Only before commit_then_only_read, for a download: its audit event is written and committed first, then it
  streams for seconds without the lock.
"""

import fcntl
import os
import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import closing, contextmanager
from pathlib import Path

import click
from flask import Flask, current_app, has_app_context, has_request_context, request
from flask.cli import with_appcontext
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.pool import Pool

from quizapp.extensions import db


def init_app(app: Flask) -> None:
    """Make sure the SQLite file's folder exists before the engine is created."""
    uri = app.config["SQLALCHEMY_DATABASE_URI"]
    if uri.startswith("sqlite:///") and not uri.startswith("sqlite:////:memory:"):
        Path(uri.removeprefix("sqlite:///")).parent.mkdir(parents=True, exist_ok=True)
    options = app.config["SQLALCHEMY_ENGINE_OPTIONS"]
    if uri.startswith("sqlite"):
        # A SQLite file has no server to drop a pooled connection: checking each one out with SELECT 1 is waste.
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, "pool_pre_ping": False}
    elif uri.startswith("postgresql"):
        # PostgreSQL compiles a query to machine code (JIT) once its estimated cost passes a threshold. The completion
        # report's and the trainers' counting queries pass it, and compiling took longer than running them: measured
        # side by side, 60 ms more for the report's summary and its people page, 300 ms more for a whole CSV.
        connect_args = options.get("connect_args", {})
        startup = f"{connect_args.get('options', '')} -c jit=off".strip()
        app.config["SQLALCHEMY_ENGINE_OPTIONS"] = {**options, "connect_args": {**connect_args, "options": startup}}


# How long a SQLite connection waits for another's write lock before giving up.
BUSY_TIMEOUT_MS = 10_000
# How often a pooled SQLite connection brings the planner's statistics up to date as it goes back to the pool. SQLite's
# documentation suggests hourly for long-lived connections; doing it on every request cost a learner page about 0.1 ms.
OPTIMIZE_EVERY_SECONDS = 600
_OPTIMIZED_AT = "quizapp_optimized_at"


@event.listens_for(Engine, "connect")
def _configure_sqlite(dbapi_connection, connection_record) -> None:
    if type(dbapi_connection).__module__ != "sqlite3":
        return
    # Let SQLAlchemy issue BEGIN itself (see _begin_immediate) instead of pysqlite's lazy BEGIN.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA foreign_keys=ON")
    # Checked against a fixed list when the app starts (config.SQLITE_SYNCHRONOUS_MODES).
    cursor.execute(f"PRAGMA synchronous={_synchronous()}")
    # SQLite's planner needs statistics to choose between indexes, and gathers none by itself. As its documentation
    # advises: a bounded ANALYZE, on opening (SQLite 3.46 and later gather what is missing or stale here) and
    # every so often as the connection goes back to the pool (_optimize_sqlite).
    cursor.execute("PRAGMA analysis_limit=1000")
    cursor.execute("PRAGMA optimize=0x10002")
    cursor.close()


@event.listens_for(Pool, "checkin")
def _optimize_sqlite(dbapi_connection, connection_record) -> None:
    # Costs microseconds unless a table queried since has no statistics or has grown or shrunk much since.
    if dbapi_connection is None or type(dbapi_connection).__module__ != "sqlite3":
        return
    # The first time a connection goes back it always runs: before SQLite 3.46, tables queried since opening are the
    # only ones it looks at.
    now = time.monotonic()
    if _OPTIMIZED_AT in connection_record.info and now - connection_record.info[_OPTIMIZED_AT] < OPTIMIZE_EVERY_SECONDS:
        return
    connection_record.info[_OPTIMIZED_AT] = now
    try:
        # Never wait for another writer here: the next connection back will try again.
        dbapi_connection.execute("PRAGMA busy_timeout=0")
        dbapi_connection.execute("PRAGMA optimize")
    except sqlite3.OperationalError:
        pass
    finally:
        dbapi_connection.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")


def _synchronous() -> str:
    return current_app.config["SQLITE_SYNCHRONOUS"] if has_app_context() else "FULL"


# Blueprints whose GET pages only read. Their transactions start without SQLite's write lock, so
# readers never wait for each other or for a writer; everything else takes the lock at BEGIN.
READ_ONLY_GET_BLUEPRINTS = frozenset({"learn", "site", "auth"})
# Set on a request whose writing is done (see commit_then_only_read).
ONLY_READING = "quizapp.only_reading"
# Set while a request that reads first writes (see short_write).
WRITING = "quizapp.writing"


# An execution option for connections that only ever read (see reading_engine).
READS_ONLY = "quizapp_reads_only"


@event.listens_for(Engine, "begin")
def _begin_immediate(connection) -> None:
    # Taking the write lock at BEGIN means a busy writer waits on busy_timeout rather than
    # failing with "database is locked" when a read transaction later tries to write.
    if connection.dialect.name == "sqlite":
        reading = connection.get_execution_options().get(READS_ONLY) or _read_only_request()
        connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


def reading_engine() -> Engine:
    """Return the app's engine for a session of its own that only reads: on SQLite it never takes the write lock,
    so it can read while the caller's own transaction holds it."""
    return db.engine.execution_options(**{READS_ONLY: True})


def _read_only_request() -> bool:
    if not has_request_context() or request.environ.get(WRITING):
        return False
    if request.environ.get(ONLY_READING):
        return True
    if getattr(current_app.view_functions.get(request.endpoint or ""), "reads_first", False):
        return True
    return request.method in ("GET", "HEAD") and request.blueprint in READ_ONLY_GET_BLUEPRINTS


def reads_first(view):
    """Mark a view that reads without the write lock and writes only inside short_write."""
    view.reads_first = True
    return view


@contextmanager
def short_write() -> Iterator[None]:
    """End the request's reading transaction, then run the block in a write transaction committed at its end.

    On SQLite the write lock is taken at the block's first statement and held only until it ends, so a busy
    endpoint (autosave) holds it for a few statements rather than for the whole request. Such blocks take turns
    (see sqlite_write_turn) rather than polling for the lock.
    """
    db.session.commit()
    request.environ[WRITING] = True
    try:
        with sqlite_write_turn():
            try:
                yield
                db.session.commit()
            except BaseException:
                db.session.rollback()
                raise
    finally:
        request.environ.pop(WRITING, None)


# Short writes in this process queue on this lock, and the processes' on a lock file beside the database.
_turn = threading.Lock()
_turn_files: dict[tuple[int, str], int] = {}


@contextmanager
def sqlite_write_turn() -> Iterator[None]:
    """Wait for this block's turn to write to a SQLite file, among every worker's short writes on this machine.

    A writer that finds SQLite's lock taken sleeps and tries again, 1 ms, then 2, 5, 10 ms and more: under a burst
    of autosaves the lock sat free while the writers slept. Waiting on a lock instead hands it on as soon as it is
    free. On PostgreSQL, rows are locked one by one and nothing waits here.
    """
    url = db.engine.url
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        yield
        return
    with _turn:
        # Opened once in each process (a worker forked from another must not share its open file and so its lock).
        key = (os.getpid(), str(url.database))
        descriptor = _turn_files.get(key)
        if descriptor is None:
            descriptor = _turn_files[key] = os.open(f"{url.database}-writers", os.O_RDWR | os.O_CREAT, 0o600)
        fcntl.flock(descriptor, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)


def commit_then_only_read() -> None:
    """Commit what the request wrote (a download's audit event); its later transactions only read, without the lock.

    A download streams for seconds: holding SQLite's write lock meanwhile would make every learner's autosave wait.
    """
    db.session.commit()
    request.environ[ONLY_READING] = True


@click.command("backup")
@click.argument("path", type=click.Path(dir_okay=False, path_type=Path))
@with_appcontext
def backup(path: Path) -> None:
    """Copy the live SQLite database to PATH, checked; for PostgreSQL use pg_dump (see SECURITY.md)."""
    uri = current_app.config["SQLALCHEMY_DATABASE_URI"]
    if not uri.startswith("sqlite:///"):
        raise click.UsageError("flask backup copies SQLite databases: for PostgreSQL use pg_dump (see SECURITY.md)")
    if path.exists():
        raise click.UsageError(f"{path} already exists: choose a new file so no backup is overwritten")
    backup_sqlite(Path(uri.removeprefix("sqlite:///")), path)
    click.echo(f"Backed up to {path} (integrity check: ok)")


def backup_sqlite(source: Path, target: Path) -> None:
    """Copy a SQLite database in use with SQLite's online backup API; check the copy before keeping it."""
    partial = target.with_name(target.name + ".partial")
    partial.unlink(missing_ok=True)
    # One step copies a consistent snapshot; in WAL mode writers carry on meanwhile.
    with closing(sqlite3.connect(source, timeout=30)) as live, closing(sqlite3.connect(partial)) as copy:
        live.backup(copy)
        copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file
        result = copy.execute("PRAGMA integrity_check").fetchone()[0]
    if result != "ok":
        partial.unlink()
        raise click.ClickException(f"the copy failed its integrity check: {result}")
    partial.replace(target)
