"""`flask demo --learners N` builds a synthetic partnership the demo managers can report on."""

from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, Completion, Scope, User
from quizapp.models.types import utcnow
from quizapp.people.operations import find_user_by_email
from quizapp.records.report import ReportFilters, completion_report, report_options
from quizapp.records.scope import ManagerScope, manager_scope


def test_demo_learners_come_with_assignments_and_two_years_of_records(runner, loaded_modules):
    result = runner.invoke(args=["demo", "--password", "demo-pass-123", "--learners", "300"])

    assert result.exit_code == 0, result.output
    assert "Added 300 synthetic learners" in result.output
    assert db.session.scalar(select(func.count(User.id))) == 300 + 5
    completed = db.session.scalars(select(Completion.submitted_at)).all()
    assert len(completed) > 300
    assert (max(completed) - min(completed)).days > 600
    assert db.session.scalar(select(func.count(Attempt.id)).where(Attempt.state == "in_progress")) > 50
    assert db.session.scalar(select(func.count(Assignment.id))) > 8
    today = utcnow().date()
    everyone = completion_report(
        ManagerScope(Scope.PARTNERSHIP), ReportFilters(), report_options(ManagerScope(Scope.PARTNERSHIP)), today
    )
    agency_manager = manager_scope(find_user_by_email("manager@example.org"))
    agency = completion_report(agency_manager, ReportFilters(), report_options(agency_manager), today)
    assert len(everyone.summary) >= 7 and 0 < everyone.total.rate < 100
    assert 0 < agency.total.people < everyone.total.people
    assert all(count for count in everyone.total.counts.values())
