"""My learning: assigned modules first, with due dates and overdue flags, and a theme filter."""

from datetime import date, timedelta

from flask import url_for

from quizapp.extensions import db
from quizapp.models import Assignment, Theme
from quizapp.models.types import utcnow
from tests.conftest import parse


def section(page, heading_id):
    heading = page.select_one(f"#{heading_id}")
    return [a.text for a in heading.find_next("ul").select(".govuk-task-list__link")] if heading else []


def test_assigned_modules_come_first_with_due_dates_and_overdue_flags(learner, loaded_modules):
    felix = loaded_modules["felix-disability-family-pressures"]
    case_1 = loaded_modules["case-1-early-help-self-referral"]
    today = utcnow().date()
    db.session.add_all(
        [
            Assignment(module_id=felix.id, user_id=learner.user.id, due_on=today - timedelta(days=1)),
            Assignment(module_id=case_1.id, team_id=learner.user.team_id, due_on=today + timedelta(days=30)),
        ]
    )
    db.session.commit()

    page = parse(learner.client.get(url_for("learn.my_learning")))

    assert section(page, "assigned") == [felix.current_version.title, case_1.current_version.title]
    statuses = [tag.text.strip() for tag in page.select_one("#assigned").find_next("ul").select(".govuk-tag")]
    assert statuses == ["Overdue", "Not started"]
    assert len(section(page, "other")) == 4


def test_a_theme_assignment_reaches_every_module_on_the_theme(learner, loaded_modules):
    theme = db.session.scalar(db.select(Theme).where(Theme.slug == "the-silent-child"))
    db.session.add(Assignment(theme_id=theme.id, agency_id=learner.user.agency_id, due_on=date(2030, 1, 1)))
    db.session.commit()

    page = parse(learner.client.get(url_for("learn.my_learning")))

    on_theme = [m.current_version.title for m in loaded_modules.values() if theme in m.current_version.themes]
    assert on_theme and sorted(section(page, "assigned")) == sorted(on_theme)


def test_theme_filter_shows_only_modules_on_that_theme(learner, loaded_modules):
    page = parse(learner.client.get(url_for("learn.my_learning", theme="local-authority-boundaries")))

    assert section(page, "other") == [loaded_modules["harry-local-authority-boundaries"].current_version.title]


def test_an_unknown_theme_is_404(learner, loaded_modules):
    assert learner.client.get(url_for("learn.my_learning", theme="nope")).status_code == 404


def test_in_progress_module_offers_to_continue(learner, module):
    learner.start(module)

    page = parse(learner.client.get(url_for("learn.module_start", slug=module.slug)))

    assert page.select_one(".govuk-button--start").text.strip().startswith("Continue where you left off")


def test_an_unpublished_module_cannot_be_started(learner, module):
    module.published = False
    db.session.commit()

    assert learner.client.get(url_for("learn.module_start", slug=module.slug)).status_code == 404
    page = parse(learner.client.get(url_for("learn.my_learning")))
    assert module.current_version.title not in page.text
