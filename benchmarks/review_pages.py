"""Time every trainer page at partnership scale: the queue, a submission, questions, answers, insights, comments.

Run: .venv/bin/python benchmarks/review_pages.py [--learners 1000 20000] [--databases sqlite postgresql]

For each size and database it builds a fresh database (SQLite in a temporary folder; PostgreSQL as a throwaway
server started from the installed binaries, as the test suite does), loads the six modules and builds the synthetic
partnership of `flask demo --learners N` (about 2.8 submitted modules per learner over two years). It then gives
every submitted attempt an answer to each question (written, ratings, and knowledge checks, a third wrong at the
first try) and decides most rounds older than two months (reviewed, a few returned), signs in as the demo trainer
and requests each page, printing the median server time, the median CPU time of this process (on SQLite that
includes the database's work; on a loaded machine it is the better guide) and the SQL statements of one request.
The statement counts must be the same at every size. Add --markdown for a table; --keep PATH keeps (and reuses)
a SQLite file.
"""

import argparse
import re
import statistics
import sys
import time
from contextlib import ExitStack
from datetime import date, timedelta
from pathlib import Path
from urllib.parse import quote

from sqlalchemy import event, insert, select, update

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.report_pages import databases_to_measure, machine  # noqa: E402
from quizapp import create_app  # noqa: E402
from quizapp.curriculum.loader import load_content  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.models import (  # noqa: E402
    Agency,
    AgencyKind,
    Answer,
    Attempt,
    AttemptState,
    Module,
    Question,
    QuestionKind,
    Review,
    ReviewState,
    Theme,
    TrainerComment,
    User,
)
from quizapp.models.types import utcnow  # noqa: E402
from quizapp.people.demo import create_demo_partnership  # noqa: E402
from quizapp.people.demo_scale import build_scale_partnership  # noqa: E402

PASSWORD = "benchmark-password"
BATCH = 20_000


def seed_answers() -> None:
    """Give every submitted attempt without answers (the demo learner's has some) an answer to each question."""
    questions: dict[int, list[Question]] = {}
    for question in db.session.scalars(select(Question)):
        questions.setdefault(question.version_id, []).append(question)
    now = utcnow()
    rows = []
    for attempt_id, version_id in db.session.execute(
        select(Attempt.id, Attempt.version_id).where(
            Attempt.state == AttemptState.SUBMITTED, ~Attempt.id.in_(select(Answer.attempt_id))
        )
    ).all():
        for question in questions[version_id]:
            row = {"attempt_id": attempt_id, "question_id": question.id, "text": "", "choices": [], "tries": 0}
            if question.kind in (QuestionKind.REFLECTION, QuestionKind.ACTION_PLAN):
                row["text"] = f"Reflection {attempt_id}: I would speak to the father and record what he says."
            elif question.kind == QuestionKind.CONFIDENCE:
                row["rating"] = 2 + (attempt_id + question.position) % 4
            else:
                first = question.correct if attempt_id % 3 else [question.options[0]["key"]]
                row.update(choices=question.correct, first_choices=first, tries=1 if first == question.correct else 2)
            rows.append({**row, "updated_at": now})
        if len(rows) > BATCH:
            db.session.execute(insert(Answer), rows)
            rows = []
    if rows:
        db.session.execute(insert(Answer), rows)


def seed_decisions(trainer: User) -> None:
    """Decide most rounds submitted over two months ago, as trainers would: reviewed, and one in thirty returned."""
    cutoff = utcnow() - timedelta(days=60)
    open_pairs = set(
        db.session.execute(
            select(Attempt.user_id, Attempt.module_id).where(Attempt.state != AttemptState.SUBMITTED)
        ).all()
    )
    rows, reviewed, returned = [], [], []
    for attempt_id, user_id, module_id, submitted_at in db.session.execute(
        select(Attempt.id, Attempt.user_id, Attempt.module_id, Attempt.submitted_at).where(
            Attempt.state == AttemptState.SUBMITTED, Attempt.submitted_at < cutoff
        )
    ).all():
        if attempt_id % 5 == 0:
            continue
        state = ReviewState.REVIEWED
        if attempt_id % 30 == 1 and (user_id, module_id) not in open_pairs:
            state = ReviewState.RETURNED
            open_pairs.add((user_id, module_id))
            returned.append(attempt_id)
        else:
            reviewed.append(attempt_id)
        rows.append(
            {
                "attempt_id": attempt_id,
                "round_submitted_at": submitted_at,
                "state": state.value,
                "reviewer_id": trainer.id,
                "reason": "Think again about the father." if state == ReviewState.RETURNED else "",
                "answer_ids": [],
                "answers_as_returned": {},
                "decided_at": submitted_at + timedelta(days=3),
            }
        )
    for start in range(0, len(rows), BATCH):
        db.session.execute(insert(Review), rows[start : start + BATCH])
    for ids, values in ((returned, {"state": AttemptState.RETURNED.value}), (reviewed, {"reviewed": True})):
        for start in range(0, len(ids), BATCH):
            db.session.execute(update(Attempt).where(Attempt.id.in_(ids[start : start + BATCH])).values(**values))


def build(learners: int) -> None:
    """Build the partnership with every submitted attempt answered and most older rounds decided."""
    load_content(ROOT / "content")
    create_demo_partnership(PASSWORD)
    build_scale_partnership(learners, date.today())
    seed_answers()
    trainer = db.session.scalars(select(User).where(User.email == "trainer@example.org")).one()
    seed_decisions(trainer)
    comments = [{"trainer_id": trainer.id, "text": f"Comment {n}: what would the child say?"} for n in range(30)]
    db.session.execute(insert(TrainerComment), comments)
    db.session.commit()
    if db.engine.dialect.name == "postgresql":
        with db.engine.connect() as connection:  # as autovacuum would soon after a load this size
            connection.execution_options(isolation_level="AUTOCOMMIT").exec_driver_sql("VACUUM ANALYZE")


def pages() -> list[tuple[str, str]]:
    """Return the trainer pages to measure, as (name, URL) with ids taken from the data."""
    module = db.session.scalars(select(Module).order_by(Module.slug)).first()
    assert module is not None
    social_care = Agency.kind == AgencyKind.SOCIAL_CARE.value
    agency = db.session.scalars(select(Agency).where(social_care).order_by(Agency.id)).first()
    assert agency is not None
    question = db.session.scalar(
        select(Question)
        .where(Question.version_id == module.current_version_id, Question.kind == QuestionKind.REFLECTION)
        .order_by(Question.position)
    )
    assert question is not None
    oldest = db.session.scalar(
        select(Attempt.id)
        .where(Attempt.state == AttemptState.SUBMITTED, ~Attempt.id.in_(select(Review.attempt_id)))
        .order_by(Attempt.submitted_at)
        .limit(1)
    )
    theme = db.session.scalars(select(Theme.slug).order_by(Theme.slug)).first()
    filters = f"module={module.slug}&agency={agency.id}&profession={quote('Social worker')}"
    return [
        ("queue", "/review/"),
        ("queue, last page", "/review/?page=100000"),
        ("queue, filtered", f"/review/?{filters}"),
        ("queue, filtered, last page", f"/review/?{filters}&page=100000"),
        ("reviewed tab, last page", "/review/?status=reviewed&page=100000"),
        ("returned tab", "/review/?status=returned"),
        ("a submission", f"/review/submissions/{oldest}"),
        ("feedback on the whole attempt", f"/review/submissions/{oldest}/feedback"),
        ("questions list", "/review/questions"),
        ("a question's answers", f"/review/questions/{question.id}"),
        ("a question's answers, last page", f"/review/questions/{question.id}?page=100000"),
        ("a question's answers, filtered", f"/review/questions/{question.id}?agency={agency.id}"),
        ("what we learned, module", f"/review/insights?about=module:{module.slug}"),
        ("what we learned, by profession", f"/review/insights?about=module:{module.slug}&split=profession"),
        ("what we learned, theme", f"/review/insights?about=theme:{theme}"),
        ("comment library", "/review/comments"),
    ]


def request(client, url: str) -> tuple[float, float, int]:
    """Return the wall-clock and CPU milliseconds and the SQL statements of one request."""
    statements: list[int] = []

    def count(*args):
        statements.append(1)

    event.listen(db.engine, "before_cursor_execute", count)
    start, cpu = time.perf_counter(), time.process_time()
    response = client.get(url)
    elapsed, cpu = (time.perf_counter() - start) * 1000, (time.process_time() - cpu) * 1000
    event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200, (url, response.status_code)
    return elapsed, cpu, len(statements)


def run(database_url: str, learners: int, repeats: int, reuse: bool = False) -> list[dict]:
    """Build one database (unless reused) and measure each page; return one result per page."""
    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": database_url,
            "RATELIMIT_ENABLED": False,
            "PASSWORD_HASH_METHOD": "pbkdf2:sha256:1000",
        }
    )
    results = []
    with app.app_context():
        dialect = db.engine.dialect.name
        if not reuse:
            db.drop_all()
            db.create_all()
            started = time.perf_counter()
            build(learners)
            print(f"{dialect}: {learners} learners built in {time.perf_counter() - started:.1f} s", flush=True)
        submitted = db.session.scalar(select(db.func.count(Attempt.id)).where(Attempt.submitted_at.is_not(None)))
        print(f"{dialect}: {submitted:,} submitted attempts", flush=True)
        client = app.test_client()
        page = client.get("/sign-in")
        token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page.get_data(as_text=True)).group(1)  # type: ignore[union-attr]
        client.post("/sign-in", data={"email": "trainer@example.org", "password": PASSWORD, "csrf_token": token})
        for name, url in pages():
            request(client, url)  # warm caches once
            runs = [request(client, url) for _ in range(repeats)]
            result = {
                "database": dialect,
                "learners": learners,
                "page": name,
                "ms": statistics.median(r[0] for r in runs),
                "cpu": statistics.median(r[1] for r in runs),
                "statements": runs[0][2],
            }
            times = f"{result['ms']:8.1f} ms  {result['cpu']:8.1f} ms CPU"
            print(f"  {name:<32} {times}  {result['statements']:3d} statements", flush=True)
            results.append(result)
        db.session.remove()
        db.engine.dispose()
    return results


def markdown(results: list[dict]) -> str:
    """Return the results as one table: a row per page, a column per database and size."""
    runs = list(dict.fromkeys((r["database"], r["learners"]) for r in results))
    lines = [
        "| Page | " + " | ".join(f"{d} {n:,}" for d, n in runs) + " |",
        "|---|" + "---:|" * len(runs),
    ]
    for name in dict.fromkeys(r["page"] for r in results):
        cells = []
        for run_key in runs:
            r = next((r for r in results if (r["database"], r["learners"]) == run_key and r["page"] == name), None)
            cells.append(f"{r['ms']:,.0f} ms ({r['cpu']:,.0f} CPU), {r['statements']} st." if r else "")
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, nargs="+", default=[1_000, 20_000])
    parser.add_argument("--databases", nargs="+", default=["sqlite", "postgresql"], choices=["sqlite", "postgresql"])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--keep", type=Path, help="SQLite file to build once and reuse (one size only)")
    parser.add_argument("--markdown", action="store_true")
    args = parser.parse_args()
    results = []
    with ExitStack() as stack:
        for database, database_url in databases_to_measure(args.databases, stack):
            for learners in args.learners:
                if database == "sqlite" and args.keep:
                    reuse = args.keep.exists()
                    results += run(f"sqlite:///{args.keep.resolve()}", learners, args.repeats, reuse)
                    continue
                results += run(database_url(), learners, args.repeats)
    print(f"\nMachine: {machine()}")
    if args.markdown:
        print(markdown(results))


if __name__ == "__main__":
    main()
