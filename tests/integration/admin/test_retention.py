"""`flask retention apply`: answers older than the retention period lose their words, once; records stay."""

from datetime import timedelta

from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Answer, Attempt, AuditEvent, Completion
from quizapp.models.types import utcnow


def test_old_answers_are_anonymised_recent_ones_kept_and_a_second_run_changes_nothing(app, learner, module, runner):
    old = learner.start(module)
    learner.complete_all_pages(old)
    learner.submit(old)
    db.session.get(Attempt, old.id).last_activity_at = utcnow() - timedelta(days=365 * 6 + 10)
    db.session.commit()
    app.config["RETENTION_YEARS"] = 6
    held = sum(1 for a in db.session.scalars(select(Answer).where(Answer.attempt_id == old.id)) if a.text or a.choices)

    first = runner.invoke(args=["retention", "apply"])
    second = runner.invoke(args=["retention", "apply"])

    answers = db.session.scalars(select(Answer).where(Answer.attempt_id == old.id)).all()
    assert answers and all(a.text == "" and a.choices == [] and a.first_choices is None for a in answers)
    assert any(a.rating for a in answers), "confidence ratings are kept for evaluating the training"
    assert db.session.scalar(select(Completion).where(Completion.attempt_id == old.id)) is not None
    assert first.exit_code == 0 and "Anonymised" in first.output and f" {held} answers" in first.output
    assert second.output.startswith("Anonymised 0 answers")
    assert len(db.session.scalars(select(AuditEvent).where(AuditEvent.action == "retention_applied")).all()) == 1


def test_answers_inside_the_period_are_untouched(app, learner, module, runner):
    attempt = learner.start(module)
    learner.complete_all_pages(attempt)
    db.session.get(Attempt, attempt.id).last_activity_at = utcnow() - timedelta(days=365 * 5)
    db.session.commit()

    result = runner.invoke(args=["retention", "apply"])

    assert result.output.startswith("Anonymised 0 answers")
    assert any(a.text for a in db.session.scalars(select(Answer).where(Answer.attempt_id == attempt.id)))
