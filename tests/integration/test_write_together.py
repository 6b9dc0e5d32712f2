"""Writes to a SQLite file take turns among worker processes, and the writes of one process that arrive meanwhile go
in together: one transaction, one commit, the log flushed to disk soon after by the process's log flusher."""

import logging
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from sqlalchemy import text

from quizapp import database
from quizapp.database import DRAFT_ON_DISK_WITHIN, LogFlusher, write_together
from quizapp.extensions import db
from tests.conftest import make_app

# Another worker process in the middle of a write: it holds the lock file until told to stop.
HOLD_THE_TURN = """
import fcntl, os, sys
descriptor = os.open(sys.argv[1], os.O_RDWR | os.O_CREAT, 0o600)
fcntl.flock(descriptor, fcntl.LOCK_EX)
print("held", flush=True)
sys.stdin.read()
"""


@pytest.fixture
def sqlite_file(app) -> str:
    if db.engine.dialect.name != "sqlite":
        pytest.skip("PostgreSQL locks rows one by one: each write has a transaction of its own")
    with db.engine.begin() as connection:
        connection.execute(text("CREATE TABLE notes (writer TEXT NOT NULL)"))
    yield str(db.engine.url.database)
    db.session.rollback()
    with db.engine.begin() as connection:
        connection.execute(text("DROP TABLE notes"))


@pytest.fixture
def other_worker(sqlite_file):
    """Start another worker process holding the turn; give it back by calling the fixture's value."""
    process = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_TURN, f"{sqlite_file}-writers"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert process.stdout.readline() == "held\n"

    def give_back():
        if process.poll() is None:
            process.stdin.close()
            process.wait(10)

    yield give_back
    give_back()


def note(writer: str, seen: dict | None = None, fail: bool = False):
    """A write adding one row, remembering the transaction it ran in; failing after its insert if asked."""

    def work(connection):
        connection.execute(text("INSERT INTO notes (writer) VALUES (:writer)"), {"writer": writer})
        if seen is not None:
            seen[writer] = (connection.get_transaction(), connection.exec_driver_sql("PRAGMA synchronous").scalar())
        if fail:
            raise ValueError(f"{writer} is refused")
        return writer

    return work


def in_thread(app, work, outcome: dict, name: str) -> threading.Thread:
    def run():
        with app.app_context():
            try:
                outcome[name] = write_together(work)
            except ValueError as error:
                outcome[name] = error

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def wait_until(condition, seconds: float = 10) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.01)


def writers():
    return sorted(db.session.scalars(text("SELECT writer FROM notes")))


def start_three_while_the_turn_is_held(app, other_worker, works) -> tuple[list[threading.Thread], dict]:
    outcome: dict = {}
    first = in_thread(app, works[0], outcome, "first")
    wait_until(database._turn.locked)  # the first is waiting for the other worker's turn to end
    rest = [in_thread(app, work, outcome, name) for work, name in zip(works[1:], ["second", "third"], strict=True)]
    wait_until(lambda: len(database._waiting) == 3)
    assert outcome == {}
    other_worker()
    threads = [first, *rest]
    for thread in threads:
        thread.join(10)
    return threads, outcome


def test_a_write_waits_while_another_worker_process_writes_and_starts_when_it_ends(app, other_worker):
    outcome: dict = {}
    thread = in_thread(app, note("mine"), outcome, "mine")
    time.sleep(0.5)
    assert outcome == {} and thread.is_alive()

    other_worker()
    thread.join(10)

    assert outcome == {"mine": "mine"}
    assert writers() == ["mine"]


def test_writes_that_arrive_meanwhile_go_in_one_transaction_committed_without_waiting_for_the_disk(app, other_worker):
    seen: dict = {}
    works = [note(name, seen) for name in ("first", "second", "third")]

    _, outcome = start_three_while_the_turn_is_held(app, other_worker, works)

    assert outcome == {"first": "first", "second": "second", "third": "third"}
    assert writers() == ["first", "second", "third"]
    transactions = {id(transaction) for transaction, _ in seen.values()}
    assert len(transactions) == 1
    assert {synchronous for _, synchronous in seen.values()} == {1}  # NORMAL: the log is flushed after the commit


def test_a_write_that_fails_is_rolled_back_alone_and_the_others_are_kept(app, other_worker):
    works = [note("first"), note("second", fail=True), note("third")]

    _, outcome = start_three_while_the_turn_is_held(app, other_worker, works)

    assert outcome["first"] == "first" and outcome["third"] == "third"
    assert isinstance(outcome["second"], ValueError)
    assert writers() == ["first", "third"]
    assert database._waiting == []


def test_the_log_reaches_the_disk_soon_after_a_write_from_the_flusher_not_the_writer(app, sqlite_file, monkeypatch):
    flushed = []
    real_flush = os.fdatasync
    engine = db.engine  # the flusher's thread has no app context

    def flush(descriptor):
        # Still the real flush: this only notes which file was flushed, by which thread, and what was committed.
        real_flush(descriptor)
        with engine.connect() as reader:
            committed = reader.exec_driver_sql("SELECT count(*) FROM notes").scalar()
        flushed.append((os.readlink(f"/proc/self/fd/{descriptor}"), threading.current_thread().name, committed))

    monkeypatch.setattr(os, "fdatasync", flush)

    assert write_together(note("mine")) == "mine"

    wait_until(lambda: any(log == f"{sqlite_file}-wal" for log, _, _ in flushed), seconds=DRAFT_ON_DISK_WITHIN + 5)
    assert [(log, thread, committed) for log, thread, committed in flushed if log == f"{sqlite_file}-wal"] == [
        (f"{sqlite_file}-wal", "quizapp-log-flusher", 1)
    ]
    with db.engine.connect() as connection:  # back to what the app asks of every other commit
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_the_log_is_left_to_sqlite_when_the_app_asks_for_less_than_full(app, sqlite_file, monkeypatch):
    flushed = []
    real_flush = os.fdatasync
    monkeypatch.setattr(os, "fdatasync", lambda descriptor: flushed.append(os.readlink(f"/proc/self/fd/{descriptor}")))
    app.config["SQLITE_SYNCHRONOUS"] = "NORMAL"

    assert write_together(note("mine")) == "mine"

    time.sleep(DRAFT_ON_DISK_WITHIN * 4)
    monkeypatch.setattr(os, "fdatasync", real_flush)
    assert f"{sqlite_file}-wal" not in flushed  # another test's database may have been flushed meanwhile
    assert writers() == ["mine"]


def test_the_turn_is_given_back_when_a_write_fails(app, sqlite_file):
    with pytest.raises(ValueError, match="refused"):
        write_together(note("mine", fail=True))

    assert write_together(note("next")) == "next"
    assert writers() == ["next"]
    assert not database._turn.locked()


def test_a_request_holding_changes_of_its_own_is_refused_rather_than_losing_them(app):
    from quizapp.models import Agency

    db.session.add(Agency(name="Unsaved agency", kind="health"))

    with pytest.raises(RuntimeError, match="holds changes"):
        write_together(lambda connection: None)
    db.session.rollback()


def test_a_write_needs_no_second_connection_beside_the_requests_own(tmp_path):
    # One connection in the pool, and none beyond: a write that kept its request's reading connection while taking
    # another for the write would wait for the pool and fail.
    options = {"pool_size": 1, "max_overflow": 0, "pool_timeout": 2}
    lone = make_app(f"sqlite:///{tmp_path / 'one.sqlite'}", SQLALCHEMY_ENGINE_OPTIONS=options)
    with lone.app_context():
        with db.engine.begin() as connection:
            connection.execute(text("CREATE TABLE notes (writer TEXT NOT NULL)"))
        assert db.session.execute(text("SELECT count(*) FROM notes")).scalar() == 0  # the request reads first

        assert write_together(note("mine")) == "mine"

        assert writers() == ["mine"]
        db.session.remove()
        db.engine.dispose()


def test_postgresql_commits_a_write_without_waiting_for_the_disk_and_other_commits_wait(app):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("on SQLite the log flusher does this (see the tests above)")
    # The test server commits without waiting for its disk (it is thrown away): ask for a production server's default.
    waiting = make_app(
        db.engine.url.render_as_string(hide_password=False),
        SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"options": "-c synchronous_commit=on"}},
    )

    def setting(connection):
        return connection.exec_driver_sql("SHOW synchronous_commit").scalar()

    with waiting.app_context():
        try:
            assert write_together(setting) == "off"
            assert db.session.execute(text("SHOW synchronous_commit")).scalar() == "on"  # SET LOCAL ended with it
        finally:
            db.session.remove()
            db.engine.dispose()


@pytest.fixture
def flusher(monkeypatch):
    """A log flusher of the test's own, noting each flush by the log it names. The flush is the real one, except for a
    log named failing*, where it fails as a disk refusing would."""
    flushed: list[str] = []
    real_flush = os.fdatasync

    def flush(descriptor):
        log = os.readlink(f"/proc/self/fd/{descriptor}")
        if Path(log).name.startswith("failing"):
            raise OSError(5, "Input/output error")
        real_flush(descriptor)
        flushed.append(log)

    monkeypatch.setattr(os, "fdatasync", flush)
    return LogFlusher(), flushed


def test_logs_named_during_a_flush_are_flushed_together_after_a_pause(tmp_path, flusher, monkeypatch):
    log_flusher, flushed = flusher
    one, two, three = (tmp_path / f"{name}.sqlite-wal" for name in ("one", "two", "three"))
    for log in (one, two, three):
        log.write_bytes(b"frames")
    noting = os.fdatasync
    in_first, release = threading.Event(), threading.Event()

    def flush(descriptor):  # the first flush is held until the test lets it go
        if not in_first.is_set():
            in_first.set()
            release.wait(10)
        noting(descriptor)

    monkeypatch.setattr(os, "fdatasync", flush)

    log_flusher.flush_soon(str(one))
    assert in_first.wait(10)
    for log in (two, three, two):  # named while the first flush runs
        log_flusher.flush_soon(str(log))
    released = time.monotonic()
    release.set()
    wait_until(lambda: len(flushed) == 3)

    assert flushed == [str(one), str(three), str(two)]  # the two named meanwhile together, in order of name
    assert time.monotonic() - released >= DRAFT_ON_DISK_WITHIN  # after the pause
    time.sleep(DRAFT_ON_DISK_WITHIN * 3)
    assert len(flushed) == 3  # nothing more to flush, and two not flushed twice


def test_a_log_that_cannot_be_flushed_is_reported_and_the_flusher_goes_on(tmp_path, flusher, caplog):
    log_flusher, flushed = flusher
    failing, good = tmp_path / "failing.sqlite-wal", tmp_path / "good.sqlite-wal"
    failing.write_bytes(b"frames")
    good.write_bytes(b"frames")

    with caplog.at_level(logging.ERROR, logger="quizapp.database"):
        log_flusher.flush_soon(str(failing))
        log_flusher.flush_soon(str(good))
        wait_until(lambda: flushed)
        log_flusher.flush_soon(str(good))
        wait_until(lambda: len(flushed) == 2)

    assert flushed == [str(good), str(good)]
    assert [record.getMessage() for record in caplog.records] == [f"Could not flush {failing} to disk"]


def test_a_log_gone_before_its_flush_is_passed_over(tmp_path, flusher):
    log_flusher, flushed = flusher
    log_flusher.flush_soon(str(tmp_path / "gone.sqlite-wal"))
    kept = tmp_path / "kept.sqlite-wal"
    kept.write_bytes(b"frames")
    log_flusher.flush_soon(str(kept))

    wait_until(lambda: flushed)
    assert flushed == [str(kept)]


def test_what_is_still_to_flush_is_flushed_when_the_process_ends(tmp_path):
    log = tmp_path / "ending.sqlite-wal"
    log.write_bytes(b"frames")
    noted = tmp_path / "noted"
    # A process that names a log and ends at once, before the flusher's thread could run.
    script = f"""
import os
real = os.fdatasync
def noting(descriptor):
    real(descriptor)
    with open({str(noted)!r}, "a") as out:
        out.write(os.readlink(f"/proc/self/fd/{{descriptor}}") + "\\n")
os.fdatasync = noting
from quizapp.database import LogFlusher
flusher = LogFlusher()
flusher._thread = object()  # as if its thread were busy elsewhere: only the ending flush can do it
flusher.flush_soon({str(log)!r})
"""
    subprocess.run([sys.executable, "-c", script], check=True, cwd=Path(__file__).resolve().parents[2], timeout=60)

    assert noted.read_text() == f"{log}\n"


def test_each_write_is_answered_for_itself_when_more_wait_than_go_in_one_transaction(app, sqlite_file, monkeypatch):
    monkeypatch.setattr(database, "MOST_WRITTEN_TOGETHER", 1)
    # Another thread's write, waiting longer than this one: the turn taken next writes it first.
    earlier = database._Write(note("earlier"))
    database._waiting.append(earlier)

    assert write_together(note("mine")) == "mine"

    assert earlier.done and earlier.result == "earlier"
    assert writers() == ["earlier", "mine"]
    assert database._waiting == []
