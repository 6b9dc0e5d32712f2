"""Short writes to a SQLite file take turns on a lock beside it: a waiting writer starts as soon as it is free."""

import subprocess
import sys
import threading

import pytest

from quizapp.database import sqlite_write_turn
from quizapp.extensions import db

# Another worker process in the middle of a short write: it holds the lock file until told to stop.
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
        pytest.skip("PostgreSQL locks rows one by one: short writes do not queue")
    return str(db.engine.url.database)


def _write_in_thread(app, entered: threading.Event, leave: threading.Event | None = None) -> threading.Thread:
    def write():
        with app.app_context(), sqlite_write_turn():
            entered.set()
            if leave:
                leave.wait(10)

    thread = threading.Thread(target=write)
    thread.start()
    return thread


def test_a_short_write_waits_while_another_worker_process_writes_and_starts_when_it_ends(app, sqlite_file):
    other_worker = subprocess.Popen(
        [sys.executable, "-c", HOLD_THE_TURN, f"{sqlite_file}-writers"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert other_worker.stdout.readline() == "held\n"
        entered = threading.Event()
        thread = _write_in_thread(app, entered)
        assert not entered.wait(0.5)
    finally:
        other_worker.stdin.close()
        other_worker.wait(10)
    assert entered.wait(10)
    thread.join(10)


def test_short_writes_in_one_process_take_turns(app, sqlite_file):
    first_in, first_may_leave, second_in = threading.Event(), threading.Event(), threading.Event()
    first = _write_in_thread(app, first_in, first_may_leave)
    assert first_in.wait(10)

    second = _write_in_thread(app, second_in)
    assert not second_in.wait(0.5)

    first_may_leave.set()
    assert second_in.wait(10)
    first.join(10)
    second.join(10)


def test_the_turn_is_given_back_when_the_write_fails(app, sqlite_file):
    with pytest.raises(RuntimeError), sqlite_write_turn():
        raise RuntimeError("a statement failed")

    entered = threading.Event()
    _write_in_thread(app, entered).join(10)
    assert entered.is_set()
