"""Time "My learning" and a question page for one learner among many, at partnership scale.

Run: .venv/bin/python benchmarks/learner_pages.py [--learners 20000] [--database-url URL]

It builds a fresh database (SQLite in a temporary folder unless --database-url is given), loads the six
modules, creates the learners with a completion each and an open attempt for every fourth, then requests
each page repeatedly as one learner and prints the median time and the number of SQL statements. Compare the
numbers for --learners 1000 and --learners 20000: they should be about the same.
"""

import argparse
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

from sqlalchemy import event, insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from quizapp import create_app  # noqa: E402
from quizapp.curriculum.loader import load_content  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.models import Attempt, Completion, Module, User, UserRole  # noqa: E402
from quizapp.models.types import new_token, utcnow  # noqa: E402
from quizapp.people.operations import ensure_agency, ensure_team, upsert_user  # noqa: E402

PASSWORD = "benchmark-password"


def seed(learners: int) -> None:
    """Load the content and add many learners with attempts and completions, in bulk."""
    load_content(ROOT / "content")
    team = ensure_team(ensure_agency("Benchmark Agency", "health"), "Benchmark Team")
    modules = db.session.scalars(db.select(Module)).all()
    now = utcnow()
    users = [
        {
            "email": f"learner{n}@example.org",
            "name": f"Learner {n}",
            "agency_id": team.agency_id,
            "team_id": team.id,
            "session_token": new_token(),
            "active": True,
            "failed_sign_ins": 0,
            "created_at": now,
        }
        for n in range(learners)
    ]
    db.session.execute(insert(User), users)
    ids = db.session.scalars(db.select(User.id)).all()
    db.session.execute(insert(UserRole), [{"user_id": i, "role": "learner"} for i in ids])
    attempts = [
        {
            "user_id": i,
            "module_id": modules[i % 6].id,
            "version_id": modules[i % 6].current_version_id,
            "state": "submitted",
            "started_at": now - timedelta(days=3),
            "last_activity_at": now,
            "active_seconds": 1200,
            "submitted_at": now,
        }
        for i in ids
    ]
    attempts += [
        {
            "user_id": i,
            "module_id": modules[(i + 1) % 6].id,
            "version_id": modules[(i + 1) % 6].current_version_id,
            "state": "in_progress",
            "started_at": now,
            "last_activity_at": now,
            "active_seconds": 60,
        }
        for i in ids[::4]
    ]
    db.session.execute(insert(Attempt), attempts)
    done = db.session.execute(
        db.select(Attempt.id, Attempt.user_id, Attempt.module_id, Attempt.version_id).where(
            Attempt.state == "submitted"
        )
    ).all()
    db.session.execute(
        insert(Completion),
        [
            {
                "user_id": u,
                "module_id": m,
                "version_id": v,
                "attempt_id": a,
                "started_at": now - timedelta(days=3),
                "submitted_at": now,
                "active_minutes": 20,
                "certificate_code": new_token(),
            }
            for a, u, m, v in done
        ],
    )
    upsert_user(
        "measured@example.org", "Measured Learner", ["learner"], agency=team.agency, team=team, password=PASSWORD
    )
    db.session.commit()


def measure(client, url: str, repeats: int) -> tuple[float, int]:
    """Return the median milliseconds and the SQL statements of one request."""
    statements = []
    listener = lambda *args: statements.append(1)  # noqa: E731
    timings = []
    for _ in range(repeats):
        statements.clear()
        event.listen(db.engine, "before_cursor_execute", listener)
        start = time.perf_counter()
        response = client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
        event.remove(db.engine, "before_cursor_execute", listener)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(timings), len(statements)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=20)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/benchmark.sqlite"
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": url,
            "RATELIMIT_ENABLED": False,
            "WTF_CSRF_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        seed(args.learners)
        print(f"seeded {args.learners} learners in {time.perf_counter() - started:.1f}s on {db.engine.dialect.name}")
        client = app.test_client()
        client.post("/sign-in", data={"email": "measured@example.org", "password": PASSWORD})
        module = db.session.scalars(db.select(Module).order_by(Module.slug)).first()
        client.post(f"/modules/{module.slug}/start")
        attempt = db.session.scalar(db.select(Attempt).where(Attempt.user.has(email="measured@example.org")))
        for name, page in [
            ("My learning", "/my-learning"),
            ("question page", f"/attempts/{attempt.id}/pages/case"),
            ("My learning record", "/my-learning/record"),
        ]:
            median, queries = measure(client, page, args.repeats)
            print(f"{name:<20} {median:7.1f} ms median   {queries} SQL statements")


if __name__ == "__main__":
    main()
