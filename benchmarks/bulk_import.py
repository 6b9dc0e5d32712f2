"""Time a bulk import of staff: read, check, stage and import a CSV of --rows people, then import it again.

Run: .venv/bin/python benchmarks/bulk_import.py [--rows 5000] [--database-url URL]

It builds a fresh database (SQLite in a temporary folder unless --database-url is given) with a few agencies
and teams, writes a CSV of --rows people (every tenth a manager), and times each step as the admin pages run
them: reading and checking the file, staging it, and importing it with invitations queued for everyone new.
A second import of the same file must change nothing. The target is under 10 seconds for 5,000 rows.
"""

import argparse
import csv
import io
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizapp import create_app  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.models import Role  # noqa: E402
from quizapp.models.types import utcnow  # noqa: E402
from quizapp.people import bulk_import, invitations  # noqa: E402
from quizapp.people.operations import ensure_agency, ensure_team, upsert_user  # noqa: E402

AGENCIES = {f"Agency {a}": [f"Team {a}.{t}" for t in range(5)] for a in range(8)}


def staff_csv(rows: int) -> bytes:
    """Return a CSV file of this many people spread over the agencies and teams."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["Email", "Name", "Agency", "Team", "Profession", "Roles"])
    names = list(AGENCIES)
    for n in range(rows):
        agency = names[n % len(names)]
        roles = "manager; learner" if n % 10 == 0 else "learner"
        writer.writerow([f"worker{n}@example.org", f"Worker {n}", agency, AGENCIES[agency][n % 5], "Nurse", roles])
    return buffer.getvalue().encode("utf-8-sig")


def timed(label: str, work, *args):
    """Run the work and print its wall-clock and CPU time; CPU time is what a busy shared machine distorts least."""
    start, cpu = time.perf_counter(), time.process_time()
    result = work(*args)
    wall = time.perf_counter() - start
    print(f"  {label:<42} {wall:6.2f} s  (CPU {time.process_time() - cpu:5.2f} s)")
    return result, wall


def run(rows: int, database_url: str) -> float:
    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "SERVER_NAME": "localhost"})
    with app.app_context(), app.test_request_context():
        db.drop_all()
        db.create_all()
        for agency_name, teams in AGENCIES.items():
            agency = ensure_agency(agency_name, "health")
            for team in teams:
                ensure_team(agency, team)
        admin, _ = upsert_user("admin@example.org", "Admin", [Role.ADMIN])
        db.session.commit()
        data = staff_csv(rows)
        total = 0.0
        for attempt in ("first import", "same file again"):
            print(f"{attempt} of {rows:,} rows:")
            parsed, t1 = timed("read and check every row", _check, data)
            staged, t2 = timed("stage for the preview", _stage, parsed, admin)
            outcome, t3 = timed("import", _import, staged, admin)
            print(f"  -> {len(outcome.created)} added, {outcome.updated} updated, {outcome.unchanged} unchanged")
            _, t4 = timed("queue an invitation to each new person", _invite, outcome, admin)
            total = max(total, t1 + t2 + t3 + t4)
            db.session.commit()
        db.drop_all()
    return total


def _check(data: bytes):
    rows = bulk_import.read_file("staff.csv", data)
    check = bulk_import.check_rows(rows)
    assert check.clean, check.errors[:3]
    return rows


def _stage(rows, admin):
    staged = bulk_import.stage_import("staff.csv", rows, admin, utcnow())
    db.session.commit()
    return staged


def _import(staged, admin):
    outcome = bulk_import.apply_import(staged, admin, utcnow())
    assert isinstance(outcome, bulk_import.ImportResult)
    db.session.flush()
    return outcome


def _invite(outcome, admin):
    invitations.invite_all(outcome.created, admin, utcnow())
    db.session.flush()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=5000)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        url = args.database_url or f"sqlite:///{Path(folder) / 'bench.sqlite'}"
        slowest = run(args.rows, url)
    print(f"Slowest import of {args.rows:,} rows, end to end: {slowest:.2f} s (target: under 10 s)")


if __name__ == "__main__":
    main()
