"""flask backup copies a SQLite database while it is being written, and the copy is whole."""

import sqlite3
import threading
import time

import pytest

from quizapp.extensions import db


@pytest.fixture
def sqlite_path(app):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("flask backup is for SQLite; PostgreSQL uses pg_dump")
    return db.engine.url.database


def test_a_backup_taken_during_writes_passes_the_integrity_check_and_has_every_row(runner, sqlite_path, tmp_path):
    with sqlite3.connect(sqlite_path) as setup:
        setup.execute("CREATE TABLE IF NOT EXISTS backup_probe (id INTEGER PRIMARY KEY, note TEXT)")
        setup.execute("DELETE FROM backup_probe")
    stop = threading.Event()
    written = []

    def keep_writing():
        writer = sqlite3.connect(sqlite_path, timeout=30, isolation_level=None)
        while not stop.is_set():
            writer.execute("INSERT INTO backup_probe (note) VALUES (?)", ("x" * 500,))
            written.append(1)
        writer.close()

    thread = threading.Thread(target=keep_writing)
    thread.start()
    try:
        while len(written) < 200:
            time.sleep(0.01)
        before = len(written)
        result = runner.invoke(args=["backup", str(tmp_path / "copy.sqlite")])
        during = len(written) - before
    finally:
        stop.set()
        thread.join()

    assert result.exit_code == 0, result.output
    assert during > 0, "writes should have gone on while the backup ran"
    restored = sqlite3.connect(tmp_path / "copy.sqlite")
    assert restored.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    ids = [row[0] for row in restored.execute("SELECT id FROM backup_probe ORDER BY id")]
    assert len(ids) >= before
    assert ids == list(range(1, len(ids) + 1)), "a consistent copy has every row up to its moment, no gaps"
    assert restored.execute("SELECT count(*) FROM users").fetchone() is not None
    with sqlite3.connect(sqlite_path) as live:
        live.execute("DROP TABLE backup_probe")


def test_backup_never_overwrites_a_file(runner, sqlite_path, tmp_path):
    existing = tmp_path / "kept.sqlite"
    existing.write_bytes(b"an older backup")

    result = runner.invoke(args=["backup", str(existing)])

    assert result.exit_code != 0 and "already exists" in result.output
    assert existing.read_bytes() == b"an older backup"


def test_backup_on_postgresql_points_to_pg_dump(app, runner):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("PostgreSQL only")

    result = runner.invoke(args=["backup", "/tmp/never-written.sqlite"])

    assert result.exit_code != 0 and "pg_dump" in result.output
