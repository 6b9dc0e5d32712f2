"""Time the manager's completion report, its CSV and its Excel download at partnership scale.

Run: .venv/bin/python benchmarks/report_pages.py [--learners 1000 20000] [--databases sqlite postgresql]

For each size and database it builds a fresh database (SQLite in a temporary folder; PostgreSQL as a throwaway
server started from the installed binaries, as the test suite does), loads the six modules, builds the synthetic
partnership of `flask demo --learners N`, signs in as the partnership manager (every agency) and requests:
the report page (summary and first page of people), the CSV and the Excel download of every row. It prints, per
request, the time of the first request of its kind (the app's connections are opened afresh after the build), the
median server time of the next ones, the median CPU time of this process (the app, and SQLite's work, which runs
inside it; not PostgreSQL's, which runs in its own server), the SQL statements, and the peak Python memory traced
by tracemalloc in a separate run (tracing slows the code down, so it is not timed). On a shared machine the CPU
time says what the request costs when a core is free. Add --markdown to print a table for the README.
"""

import argparse
import os
import platform
import re
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from datetime import date
from pathlib import Path

from sqlalchemy import event, text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizapp import create_app  # noqa: E402
from quizapp.curriculum.loader import load_content  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.people.demo import create_demo_partnership  # noqa: E402
from quizapp.people.demo_scale import build_scale_partnership  # noqa: E402
from tests.postgres import find_bin_dir, running_server  # noqa: E402

PASSWORD = "benchmark-password"
# Writes the report counts (people's active flags, set to what they are): the triggers move the numbers of changes
# of those people's areas on, so the summary counts those areas afresh. One learner (their team is counted again),
# or one person in every area (everyone is counted again, as after a bulk import).
ONE_LEARNER = "UPDATE users SET active = active WHERE id = (SELECT max(user_id) FROM user_roles WHERE role = 'learner')"
EVERY_AREA = "UPDATE users SET active = active WHERE id IN (SELECT min(id) FROM users GROUP BY agency_id, team_id)"
# Name, URL, and the change written before each request, if any.
REQUESTS = [
    ("report page", "/reports/", None),
    ("page after a learner's change", "/reports/", ONE_LEARNER),
    ("page after changes everywhere", "/reports/", EVERY_AREA),
    ("CSV download", "/reports/download.csv", None),
    ("Excel download", "/reports/download.xlsx", None),
]


def change(statement: str) -> None:
    """Write a change the report counts, committed, in the session requests share here (the app context is the
    benchmark's own, so it holds SQLite's write lock until committed)."""
    db.session.execute(text(statement))
    db.session.commit()  # which also expires what that session holds: the next request reloads it (3 statements)


def request(client, url: str, touch: str | None = None) -> tuple[float, int, int, float]:
    """Return the milliseconds, SQL statements, bytes and this process's CPU milliseconds of one request."""
    if touch:  # outside the time measured
        change(touch)
    statements: list[int] = []

    def count(*args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    start, cpu = time.perf_counter(), time.process_time()
    response = client.get(url, buffered=False)
    size = sum(len(chunk) for chunk in response.response)
    response.close()  # ends the request (its teardown) as a server does once the body is sent
    elapsed = (time.perf_counter() - start) * 1000
    cpu_ms = (time.process_time() - cpu) * 1000
    event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, len(statements), size, cpu_ms


def peak_memory(client, url: str, touch: str | None = None) -> int:
    """Return the peak bytes Python allocated while serving and reading one request."""
    if touch:  # outside the time measured
        change(touch)
    tracemalloc.start()
    try:
        response = client.get(url, buffered=False)
        for _ in response.response:
            pass
        response.close()
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def run(database_url: str, learners: int, repeats: int) -> list[dict]:
    """Build one database and measure each request; return one result per request."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    results = []
    with app.app_context():
        db.drop_all()
        db.create_all()
        load_content(ROOT / "content")
        create_demo_partnership(PASSWORD)
        started = time.perf_counter()
        build_scale_partnership(learners, date.today())
        db.session.commit()
        seeded = time.perf_counter() - started
        dialect = db.engine.dialect.name
        if dialect == "postgresql":
            settle_postgresql()  # SQLite gets nothing here: the app gathers its own statistics (database.py)
        db.session.remove()
        db.engine.dispose()  # the app starts afresh on the database built, as a server would after `flask demo`
        print(f"{dialect}: {learners} learners built in {seeded:.1f} s", flush=True)
        client = app.test_client()
        page = client.get("/sign-in")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True)).group(1)  # type: ignore[union-attr]
        client.post("/sign-in", data={"email": "partnership@example.org", "password": PASSWORD, "csrf_token": token})
        for name, url, touch in REQUESTS:
            # The first request of each kind is timed on its own: it also compiles templates and statements, and
            # (on SQLite) may gather statistics when its connection goes back to the pool.
            first = request(client, url, touch)
            runs = [request(client, url, touch) for _ in range(repeats)]
            result = {
                "database": dialect,
                "learners": learners,
                "request": name,
                "first_ms": first[0],
                "ms": statistics.median(r[0] for r in runs),
                "cpu_ms": statistics.median(r[3] for r in runs),
                "statements": runs[0][1],
                "bytes": runs[0][2],
                "peak_kib": peak_memory(client, url, touch) // 1024,
            }
            print(
                f"  {name:<15} {result['first_ms']:8.0f} ms first  {result['ms']:8.0f} ms  "
                f"{result['cpu_ms']:8.0f} ms CPU  "
                f"{result['statements']:3d} statements  "
                f"{result['peak_kib']:7d} KiB peak  {result['bytes'] // 1024} KiB sent",
                flush=True,
            )
            results.append(result)
        db.session.remove()
        db.engine.dispose()
    return results


def settle_postgresql() -> None:
    """Vacuum and analyse until the tables are marked all-visible, as a live database is once autovacuum has caught
    up with a bulk load (autovacuum's own analyse, running at the same time, can keep one vacuum from marking them)."""
    behind = text(
        "SELECT count(*) FROM pg_class WHERE relnamespace = 'public'::regnamespace AND relkind = 'r' "
        "AND relpages > 10 AND relallvisible < relpages * 0.9"
    )
    with db.engine.connect().execution_options(isolation_level="AUTOCOMMIT") as connection:
        for _ in range(10):
            connection.execute(text("VACUUM ANALYZE"))
            if not connection.execute(behind).scalar():
                return
            time.sleep(1)
    print("  (PostgreSQL: tables still not all-visible after 10 vacuums)", flush=True)


def databases_to_measure(databases: list[str], stack: ExitStack) -> Iterator[tuple[str, Callable[[], str]]]:
    """Yield each database with a function giving the URL to build on: a new SQLite file at each call, or one
    throwaway PostgreSQL server kept for every size (skipped, saying so, where PostgreSQL is not installed)."""
    for database in databases:
        if database == "sqlite":
            yield database, lambda: f"sqlite:///{tempfile.mkdtemp()}/benchmark.sqlite"
            continue
        bin_dir = find_bin_dir()
        if bin_dir is None:
            print("PostgreSQL binaries not found: skipped")
            continue
        url = stack.enter_context(running_server(bin_dir))
        yield database, lambda url=url: url


def machine() -> str:
    """Return the processor count and model."""
    model = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        platform.processor() or "unknown",
    )
    return f"{os.cpu_count()} cores (nproc), {model}, Python {platform.python_version()}"


def markdown(results: list[dict]) -> str:
    lines = [
        "| Database | Learners | Request | First request | Server time | App CPU time | SQL statements "
        "| Peak Python memory | Size |",
        "|---|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        lines.append(
            f"| {r['database']} | {r['learners']:,} | {r['request']} | {r['first_ms']:,.0f} ms | {r['ms']:,.0f} ms "
            f"| {r['cpu_ms']:,.0f} ms | "
            f"{r['statements']} | "
            f"{r['peak_kib'] / 1024:.1f} MiB | {r['bytes'] / 1024 / 1024:.1f} MiB |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[1_000, 20_000])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    results = []
    with ExitStack() as stack:
        for _database, database_url in databases_to_measure(args.databases, stack):
            for learners in args.learners:
                results += run(database_url(), learners, args.repeats)
    print(f"\nMachine: {machine()}, load average {' '.join(f'{x:.1f}' for x in os.getloadavg())} at the end")
    if args.markdown:
        print(markdown(results))


if __name__ == "__main__":
    main()
