"""Many learners autosaving at once against real gunicorn servers: errors, answers lost, and latency.

Run: .venv/bin/python benchmarks/autosave_load.py [--learners 100] [--rounds 5] [--database sqlite|postgresql]

SQLite: one gunicorn server with --workers workers on a fresh file. PostgreSQL: two servers sharing one fresh
database on a throwaway PostgreSQL server and one throwaway Redis, as in tests/integration/test_two_servers.py.
Every learner signs in (each from its own address, as behind a load balancer), starts a module, then all of
them, at once from a pool of threads, send each written answer of the module `--rounds` times, one save every
`--interval` seconds as the page does (0 sends them back to back), alternating servers. Afterwards the
database is read: every answer must hold the last text sent. Prints p50/p99/max.
"""

import argparse
import re
import statistics
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, text  # noqa: E402

from tests.servers import WebClient, gunicorn, page_token, server_environment  # noqa: E402

PASSWORD = "benchmark-password-2026"
MODULE = "case-1-early-help-self-referral"


def seed(database_url: str, learners: int) -> None:
    """Migrate, load the modules and add the learners, with a cheap password hash so sign-in is quick."""
    from flask_migrate import upgrade

    from quizapp import create_app
    from quizapp.curriculum.loader import load_content
    from quizapp.extensions import db
    from quizapp.people.operations import ensure_agency, ensure_team, upsert_user

    app = create_app({"SQLALCHEMY_DATABASE_URI": database_url, "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000"})
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        load_content(ROOT / "content")
        team = ensure_team(ensure_agency("Load Agency", "health"), "Load Team")
        for n in range(learners):
            upsert_user(
                f"load{n}@example.org", f"Load {n}", ["learner"], agency=team.agency, team=team, password=PASSWORD
            )
        db.session.commit()
        db.engine.dispose()


class LoadLearner:
    """One learner with their own browser and address, and the attempt they autosave into."""

    def __init__(self, number: int, servers: list[str]):
        self.number = number
        self.servers = servers
        self.browser = WebClient()
        self.address = {"X-Forwarded-For": f"10.{number // 250}.{number % 250}.7"}
        self.last_sent: dict[str, str] = {}

    def start(self) -> None:
        base = self.servers[0]
        page = self.browser.get(base + "/sign-in", headers=self.address)
        data = {"email": f"load{self.number}@example.org", "password": PASSWORD, "csrf_token": page_token(page.text)}
        assert self.browser.post(base + "/sign-in", data, headers=self.address).status == 302
        token = page_token(self.browser.get(base + f"/modules/{MODULE}", headers=self.address).text)
        started = self.browser.post(
            base + f"/modules/{MODULE}/start", {"csrf_token": token, "role": "social-care"}, headers=self.address
        )
        self.attempt_id = int(re.search(r"/attempts/(\d+)/", started.headers["Location"]).group(1))
        self.token = token

    def autosave(self, round_number: int, index: int, key: str) -> tuple[float, bool]:
        server = self.servers[(self.number + index + round_number) % len(self.servers)]
        value = f"Learner {self.number}, round {round_number}: what happened, so what, now what. " * 3
        began = time.perf_counter()
        reply = self.browser.post(
            server + f"/attempts/{self.attempt_id}/autosave",
            {"csrf_token": self.token, "question": f"answer-{key}", "value": value},
            headers={**self.address, "X-Requested-With": "fetch"},
        )
        elapsed = time.perf_counter() - began
        ok = reply.status == 200 and '"saved":true' in reply.text.replace(" ", "")
        if ok:
            self.last_sent[key] = value
        return elapsed, ok


def written_keys(engine, attempt_id: int) -> list[str]:
    with engine.connect() as connection:
        query = text(
            "SELECT q.key FROM questions q JOIN attempts a ON a.version_id = q.version_id "
            "WHERE a.id = :id AND q.kind IN ('reflection', 'action_plan') ORDER BY q.id"
        )
        return list(connection.execute(query, {"id": attempt_id}).scalars())


def lost_answers(engine, learners: list[LoadLearner]) -> int:
    """Count answers whose stored text is not the last text the server said it saved."""
    with engine.connect() as connection:
        rows = connection.execute(
            text("SELECT ans.attempt_id, q.key, ans.text FROM answers ans JOIN questions q ON q.id = ans.question_id")
        ).all()
    stored = {(attempt_id, key): body for attempt_id, key, body in rows}
    return sum(
        stored.get((learner.attempt_id, key)) != value
        for learner in learners
        for key, value in learner.last_sent.items()
    )


def run(servers: list[str], database_url: str, learners: int, rounds: int, interval: float) -> dict:
    people = [LoadLearner(n, servers) for n in range(learners)]
    with ThreadPoolExecutor(16) as pool:
        list(pool.map(LoadLearner.start, people))
    engine = create_engine(database_url)
    keys = written_keys(engine, people[0].attempt_id)
    timings: list[float] = []
    errors = 0
    lock = threading.Lock()
    start = threading.Barrier(learners)

    def work(learner: LoadLearner) -> None:
        nonlocal errors
        start.wait()
        # Spread over one interval, as learners' pages were opened at different moments.
        time.sleep(interval * learner.number / learners)
        for round_number in range(rounds):
            for index, key in enumerate(keys):
                elapsed, ok = learner.autosave(round_number, index, key)
                with lock:
                    timings.append(elapsed)
                    errors += not ok
                time.sleep(max(0.0, interval - elapsed))

    began = time.perf_counter()
    with ThreadPoolExecutor(learners) as pool:
        list(pool.map(work, people))
    wall = time.perf_counter() - began
    lost = lost_answers(engine, people)
    engine.dispose()
    timings.sort()
    return {
        "requests": len(timings),
        "errors": errors,
        "lost": lost,
        "p50_ms": round(statistics.median(timings) * 1000, 1),
        "p99_ms": round(timings[int(len(timings) * 0.99) - 1] * 1000, 1),
        "max_ms": round(timings[-1] * 1000, 1),
        "per_second": round(len(timings) / wall, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=100)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--database", choices=["sqlite", "postgresql"], default="sqlite")
    parser.add_argument("--workers", type=int, default=4, help="gunicorn workers per server")
    parser.add_argument(
        "--interval", type=float, default=3.0, help="seconds between one learner's saves (the page's is 3); 0 floods"
    )
    args = parser.parse_args()
    with ExitStack() as stack:
        if args.database == "sqlite":
            folder = Path(stack.enter_context(tempfile.TemporaryDirectory()))
            database_url, redis_url, server_count = f"sqlite:///{folder / 'load.sqlite'}", None, 1
        else:
            from tests.postgres import find_bin_dir, running_server
            from tests.servers import fresh_postgres_database
            from tests.services import find_redis_server, redis_server

            server = stack.enter_context(running_server(find_bin_dir()))
            database_url = stack.enter_context(fresh_postgres_database(server, "quizapp_load"))
            redis_url, server_count = stack.enter_context(redis_server(find_redis_server())), 2
        seed(database_url, args.learners)
        env = server_environment(database_url, redis_url, TRUSTED_PROXIES="1")
        servers = [stack.enter_context(gunicorn(env, workers=args.workers)) for _ in range(server_count)]
        result = run(servers, database_url, args.learners, args.rounds, args.interval)
    print(
        f"{args.database}, {server_count} server(s) x {args.workers} workers, {args.learners} learners at once, "
        f"{args.rounds} rounds, a save every {args.interval} s each: {result}"
    )
    if result["errors"] or result["lost"]:
        sys.exit(1)


if __name__ == "__main__":
    main()
