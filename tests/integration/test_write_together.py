"""Writes to a SQLite file take turns among worker processes, and the writes of one process that arrive meanwhile go
in together: one transaction, one commit, the log flushed to disk before any of them is reported done."""

import os
import subprocess
import sys
import threading
import time

import pytest
from sqlalchemy import text

from quizapp import database
from quizapp.database import write_together
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


def test_the_log_is_on_disk_before_a_write_is_reported_done(app, sqlite_file, monkeypatch):
    flushed = []
    real_flush = os.fdatasync

    def flush(descriptor):
        # Still the real flush: this only notes which file was flushed, and what was committed by then.
        real_flush(descriptor)
        with db.engine.connect() as reader:
            committed = reader.exec_driver_sql("SELECT count(*) FROM notes").scalar()
        flushed.append((os.readlink(f"/proc/self/fd/{descriptor}"), committed))

    monkeypatch.setattr(os, "fdatasync", flush)

    assert write_together(note("mine")) == "mine"

    assert flushed == [(f"{sqlite_file}-wal", 1)]
    with db.engine.connect() as connection:  # back to what the app asks of every commit
        assert connection.exec_driver_sql("PRAGMA synchronous").scalar() == 2


def test_the_log_is_left_to_sqlite_when_the_app_asks_for_less_than_full(app, sqlite_file, monkeypatch):
    flushed = []
    monkeypatch.setattr(os, "fdatasync", flushed.append)
    app.config["SQLITE_SYNCHRONOUS"] = "NORMAL"

    assert write_together(note("mine")) == "mine"

    assert flushed == []
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
