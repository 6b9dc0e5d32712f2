"""Database connection settings that keep SQLite safe with several workers, and SQLite backups.

When a transaction takes SQLite's one write lock (PostgreSQL locks rows, so there all of this is moot):

- By default, at BEGIN (BEGIN IMMEDIATE): a request that may write holds the lock from its first statement to
  its commit, so two writers queue on busy_timeout instead of one failing half-way with "database is locked".
- Never, for a request that only reads: GET and HEAD in READ_ONLY_GET_BLUEPRINTS, and a session used within
  only_reading(), which reads beside a request that holds the lock (the catalogue's copy).
- Only inside write_together, for a view marked reads_first: it reads without the lock, then writes a few
  statements in a transaction shared with the other writes that arrive meanwhile, committed once. Autosave does;
  the completion report page, also marked, never writes at all.
- Only before commit_then_only_read, for a download: its audit event is written and committed first, then it
  streams for seconds without the lock.
"""

import atexit
import fcntl
import logging
import os
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing, contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click
from flask import Flask, current_app, has_app_context, has_request_context, request
from flask.cli import with_appcontext
from sqlalchemy import event
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.pool import Pool

from quizapp.extensions import db

logger = logging.getLogger(__name__)


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
    # Let the app issue BEGIN itself (see _begin) instead of pysqlite's lazy BEGIN.
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


# How transactions begun in this context start, when a block says (see only_reading and write_together).
_begin_with: ContextVar[str | None] = ContextVar("quizapp_begin_with", default=None)


def begin_transactions(app: Flask) -> None:
    """Have the app's SQLite engines begin each transaction as this module decides (see _begin).

    SQLAlchemy's documented way is a "begin" event, but any connection event on an engine makes SQLAlchemy look for
    listeners around every statement it runs afterwards: measured, a quarter to a third of each statement's cost, on
    every page. The dialect's do_begin, SQLAlchemy's hook for starting a DB-API transaction, does the same job.
    """
    with app.app_context():
        for engine in db.engines.values():
            if engine.dialect.name == "sqlite":
                engine.dialect.do_begin = _begin  # type: ignore[method-assign]


def _begin(dbapi_connection) -> None:
    dbapi_connection.driver_connection.execute(begin_statement()).close()


def begin_statement() -> str:
    """Return how a SQLite transaction begun now starts: BEGIN IMMEDIATE, taking the write lock, unless it only reads.

    Taking the write lock at BEGIN means a busy writer waits on busy_timeout rather than failing with "database is
    locked" when a read transaction later tries to write.
    """
    return _begin_with.get() or ("BEGIN" if _read_only_request() else "BEGIN IMMEDIATE")


@contextmanager
def only_reading() -> Iterator[None]:
    """Begin the transactions of this block without SQLite's write lock: for a session of its own that only reads,
    so it can read while the caller's own transaction holds the lock (the catalogue's copy)."""
    token = _begin_with.set("BEGIN")
    try:
        yield
    finally:
        _begin_with.reset(token)


def _read_only_request() -> bool:
    if not has_request_context():
        return False
    if request.environ.get(ONLY_READING):
        return True
    if getattr(current_app.view_functions.get(request.endpoint or ""), "reads_first", False):
        return True
    return request.method in ("GET", "HEAD") and request.blueprint in READ_ONLY_GET_BLUEPRINTS


def reads_first(view):
    """Mark a view that reads without the write lock and writes only through write_together."""
    view.reads_first = True
    return view


# Writers in this process queue on this lock, and the processes' on a lock file beside the database, opened once in
# each process: a worker forked from another must not share its open file, and so its lock.
_turn = threading.Lock()
_turn_files: dict[str, int] = {}
os.register_at_fork(after_in_child=_turn_files.clear)

T = TypeVar("T")


@dataclass(eq=False)
class _Write:
    """One request's write, waiting to be run by whichever thread of this process writes next (see write_together)."""

    work: Callable[[Connection], Any]
    done: bool = False
    result: Any = None
    error: BaseException | None = None


# Writes waiting in this process, oldest first; at most this many go into one transaction.
_waiting: list[_Write] = []
_waiting_lock = threading.Lock()
MOST_WRITTEN_TOGETHER = 32


def write_together(work: Callable[[Connection], T]) -> T:
    """Run a draft's write, work(connection), in a write transaction of its own and return its result once that
    transaction is committed; raise what work raised, and then nothing it did is kept.

    For drafts only, such as autosaves: the commit does not wait for the disk. The database writes it there within
    a fraction of a second (DRAFT_ON_DISK_WITHIN), while the learner's page still holds the text and sends it again
    with the page. A restart of the app or the machine loses nothing; only a power cut in that fraction of a second
    can. Everything else commits through the request's session and waits for the disk (SQLITE_SYNCHRONOUS=FULL).

    On a SQLite file every write waits for the one write lock, and under a burst of autosaves waiting was most of
    what they did. So writes that arrive in this process while another is being written wait for it, then go in
    together: one thread runs them all in one transaction and commits once. One that raises is rolled back alone:
    the transaction is rolled back and the others run again without it. The transaction commits with
    synchronous=NORMAL (written to the log, the -wal file, but not flushed), and this process's log flusher flushes
    the log soon after (fdatasync, as SQLite does). A commit's log frames are then on disk, or were copied into the
    database file by a checkpoint, which in WAL mode flushes the log before and the database after.

    On PostgreSQL, where rows are locked one by one, each write has a transaction of its own, committed with
    synchronous_commit off: PostgreSQL's WAL writer flushes it within three times wal_writer_delay (200 ms).

    work must act only through the connection it is given: it may run in another request's thread, and again after
    a rollback if another write in its transaction failed. The request's own session has ended its reading
    transaction, and must hold no changes.
    """
    if db.session.new or db.session.dirty or db.session.deleted:
        # They would be committed here unasked, outside the write: the caller must write them itself.
        raise RuntimeError("write_together writes through its own connection: the request's session holds changes")
    # End the request's reading and give its connection back first: a thread never holds two connections at once, so
    # however many threads a worker runs, writers waiting here can never take every connection of the pool.
    db.session.commit()
    url = db.engine.url
    if not _sqlite_file(url):
        with db.engine.begin() as connection:
            if connection.dialect.name == "postgresql":
                connection.exec_driver_sql("SET LOCAL synchronous_commit TO OFF")
            return work(connection)
    write = _Write(work)
    with _waiting_lock:
        _waiting.append(write)
    with _turn:
        try:
            # The thread that wrote before this one may have taken this write along; if more were waiting than go
            # in one transaction, the oldest go first, and this thread writes until its own is done.
            while not write.done:
                _write_waiting(db.engine, flush_soon=_synchronous() == "FULL")
        finally:
            if not write.done:  # failed before taking it: this one was never run
                with _waiting_lock:
                    _waiting.remove(write)
    if write.error is not None:
        raise write.error
    return write.result


def _write_waiting(engine: Engine, flush_soon: bool) -> None:
    batch: list[_Write] = []
    token = _begin_with.set("BEGIN IMMEDIATE")
    try:
        with engine.connect() as connection, _commits_without_flush(connection, flush_soon), _file_turn(engine.url):
            batch = _take_waiting()  # once the turn is ours: every write that came while waiting for it goes in
            writing = batch
            while writing:
                failed = _write_all(connection, writing)
                writing = [write for write in writing if write is not failed] if failed else []
        if flush_soon:
            log_flusher.flush_soon(f"{engine.url.database}-wal")
    except BaseException as error:
        # BEGIN or COMMIT failed: report none of the batch as saved.
        for write in batch:
            write.error = write.error or error
        if not batch or not isinstance(error, Exception):
            raise
    finally:
        _begin_with.reset(token)
        for write in batch:
            write.done = True


def _take_waiting() -> list[_Write]:
    with _waiting_lock:
        batch = _waiting[:MOST_WRITTEN_TOGETHER]
        del _waiting[:MOST_WRITTEN_TOGETHER]
    return batch


@contextmanager
def _commits_without_flush(connection: Connection, flush_soon: bool) -> Iterator[None]:
    """Have this connection's commits in the block skip SQLite's own flush of the log, when the caller flushes it."""
    own = connection.connection.driver_connection
    assert own is not None
    if flush_soon:
        own.execute("PRAGMA synchronous=NORMAL")
    try:
        yield
    finally:
        if flush_soon:
            own.execute(f"PRAGMA synchronous={_synchronous()}")


def _write_all(connection: Connection, writes: list[_Write]) -> _Write | None:
    """Run the writes in one transaction and commit it; if one raises, roll all back and return that one.

    The others then run again without it: a rare case (a write the database refuses), so no write pays for a
    savepoint of its own.
    """
    with connection.begin() as transaction:
        for write in writes:
            try:
                write.result = write.work(connection)
            except Exception as error:  # noqa: BLE001 - handed to the request it belongs to, and raised there
                write.error = error
                transaction.rollback()
                return write
    return None


# How soon a draft committed without waiting for the disk is flushed to it (see write_together), in seconds.
DRAFT_ON_DISK_WITHIN = 0.05


class LogFlusher:
    """Flushes SQLite logs (-wal files) to disk soon after commits that did not wait for it, from a thread of its own.

    A log named when no flush is pending is flushed at once; logs named while one runs, or in the pause of
    DRAFT_ON_DISK_WITHIN after it, are flushed together at the end of that pause. So a commit is on disk within
    that pause and one flush, and a burst of commits costs at most one flush a pause.
    """

    def __init__(self) -> None:
        self._pending: set[str] = set()
        self._wake = threading.Condition()
        self._thread: threading.Thread | None = None
        os.register_at_fork(after_in_child=self._forget)
        atexit.register(self.flush_now)

    def flush_soon(self, log: str) -> None:
        with self._wake:
            self._pending.add(log)
            if self._thread is None:
                self._thread = threading.Thread(target=self._run, name="quizapp-log-flusher", daemon=True)
                self._thread.start()
            self._wake.notify()

    def flush_now(self) -> None:
        """Flush every log named since the last flush, in this thread."""
        with self._wake:
            logs, self._pending = self._pending, set()
        for log in sorted(logs):
            try:
                _flush_log(log)
            except OSError:
                # Nothing is lost yet: the commits are in the log and in memory, and the next flush or checkpoint
                # writes them. The disk refusing is for whoever looks after the server.
                logger.exception("Could not flush %s to disk", log)

    def _run(self) -> None:
        while True:
            with self._wake:
                self._wake.wait_for(lambda: self._pending)
            self.flush_now()
            time.sleep(DRAFT_ON_DISK_WITHIN)

    def _forget(self) -> None:
        # A forked process (a gunicorn worker) has none of its parent's threads: it starts its own when it writes.
        self._pending = set()
        self._wake = threading.Condition()
        self._thread = None


def _flush_log(log: str) -> None:
    """Flush a SQLite write-ahead log to disk, as synchronous=FULL does at every commit."""
    try:
        # Opened afresh: SQLite deletes the log when its last connection closes (after copying it into the database
        # and flushing that), and a new one may have taken its place since.
        descriptor = os.open(log, os.O_RDONLY)
    except FileNotFoundError:
        return
    try:
        os.fdatasync(descriptor)
    finally:
        os.close(descriptor)


log_flusher = LogFlusher()


def _sqlite_file(url) -> bool:
    return url.get_backend_name() == "sqlite" and url.database not in (None, "", ":memory:")


@contextmanager
def _file_turn(url) -> Iterator[None]:
    """Wait for this process's turn to write to a SQLite file, among every worker on this machine.

    A writer that finds SQLite's lock taken sleeps and tries again, 1 ms, then 2, 5, 10 ms and more: under a burst
    of autosaves the lock sat free while the writers slept. Waiting on a lock file instead hands the turn on as soon
    as it is free.
    """
    descriptor = _turn_files.get(url.database)
    if descriptor is None:
        descriptor = _turn_files[url.database] = os.open(f"{url.database}-writers", os.O_RDWR | os.O_CREAT, 0o600)
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
