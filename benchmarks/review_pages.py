"""Time the trainer's review queue, a question's answers and What we learned, at partnership scale.

Run: .venv/bin/python benchmarks/review_pages.py [--learners 20000] [--database-url URL]

It seeds learners as benchmarks/learner_pages.py does (a submitted module each), gives every submitted attempt
an answer to each question (written, rating, and knowledge checks, some wrong at the first try), then requests
each page as one trainer and prints the median time and the number of SQL statements. Compare --learners 1000
with --learners 20000: the statement counts must be the same.
"""

import argparse
import sys
import tempfile
import time
from pathlib import Path

from sqlalchemy import insert

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.learner_pages import PASSWORD, measure, seed  # noqa: E402
from quizapp import create_app  # noqa: E402
from quizapp.extensions import db  # noqa: E402
from quizapp.models import Answer, Attempt, Module, Question, QuestionKind  # noqa: E402
from quizapp.models.types import utcnow  # noqa: E402
from quizapp.people.operations import upsert_user  # noqa: E402


def seed_answers() -> None:
    """Give every submitted attempt an answer to each of its questions, in bulk."""
    questions: dict[int, list[Question]] = {}
    for question in db.session.scalars(db.select(Question)):
        questions.setdefault(question.version_id, []).append(question)
    now = utcnow()
    rows = []
    for attempt_id, version_id in db.session.execute(
        db.select(Attempt.id, Attempt.version_id).where(Attempt.state == "submitted")
    ):
        for question in questions[version_id]:
            row = {"attempt_id": attempt_id, "question_id": question.id, "text": "", "choices": [], "tries": 0}
            if question.kind in (QuestionKind.REFLECTION, QuestionKind.ACTION_PLAN):
                row["text"] = f"Reflection {attempt_id}: I would speak to the father and record what he says."
            elif question.kind == QuestionKind.CONFIDENCE:
                row["rating"] = 2 + (attempt_id + question.position) % 4
            else:
                first = question.correct if attempt_id % 3 else [question.options[0]["key"]]
                row.update(choices=question.correct, first_choices=first, tries=1)
            rows.append({**row, "updated_at": now})
        if len(rows) > 20_000:
            db.session.execute(insert(Answer), rows)
            rows = []
    if rows:
        db.session.execute(insert(Answer), rows)
    db.session.commit()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--learners", type=int, default=20_000)
    parser.add_argument("--repeats", type=int, default=10)
    parser.add_argument("--database-url")
    args = parser.parse_args()
    url = args.database_url or f"sqlite:///{tempfile.mkdtemp()}/benchmark.sqlite"
    app = create_app({"SQLALCHEMY_DATABASE_URI": url, "RATELIMIT_ENABLED": False, "WTF_CSRF_ENABLED": False})
    with app.app_context():
        db.drop_all()
        db.create_all()
        started = time.perf_counter()
        seed(args.learners)
        seed_answers()
        upsert_user("trainer@example.org", "Measured Trainer", ["trainer"], password=PASSWORD)
        db.session.commit()
        print(f"seeded {args.learners} learners in {time.perf_counter() - started:.1f}s on {db.engine.dialect.name}")
        client = app.test_client()
        client.post("/sign-in", data={"email": "trainer@example.org", "password": PASSWORD})
        module = db.session.scalars(db.select(Module).order_by(Module.slug)).first()
        question = db.session.scalar(
            db.select(Question)
            .where(Question.version_id == module.current_version_id, Question.kind == QuestionKind.REFLECTION)
            .order_by(Question.position)
        )
        for name, page in [
            ("review queue", "/review/"),
            ("queue, last page", "/review/?page=100000"),
            ("question's answers", f"/review/questions/{question.id}"),
            ("answers by question", "/review/questions"),
            ("What we learned", f"/review/insights?about=module:{module.slug}"),
        ]:
            median, queries = measure(client, page, args.repeats)
            print(f"{name:<20} {median:7.1f} ms median   {queries} SQL statements")


if __name__ == "__main__":
    main()
