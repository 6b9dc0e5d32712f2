"""A trainer reviews the demo learner's submission and returns an answer; the learner revises; all by browser."""

import csv
import io
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Module, Role
from quizapp.people.demo_submission import REFLECTIONS
from quizapp.people.operations import ensure_agency, upsert_user
from tests.browser.conftest import (
    assert_no_axe_violations,
    assert_no_console_errors,
    live_server,
    screenshot,
    sign_in,
    watch,
)
from tests.conftest import make_app
from tests.integration.submissions import submitted_attempt

pytestmark = pytest.mark.browser

REVISED = "I would phone the father myself, ask to meet him, and record what he tells me about the children."
FEEDBACK = "Good start – how would you reach a father who is not living with the family?"


def open_demo_submission(page) -> str:
    """From the trainer's queue, open Sam Learner's Case 1; return the prompt of the first reflection."""
    page.goto("/review/")
    page.get_by_role("link", name=re.compile("Sam Learner")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sam Learner")
    return page.locator(".app-answer-card", has_text=REFLECTIONS[0]).first.locator("h3").inner_text()


def test_a_trainer_returns_an_answer_and_the_learner_revises_it(new_page):
    trainer = new_page()
    sign_in(trainer, "trainer@example.org")
    expect(trainer.get_by_role("heading", level=1)).to_have_text("Review reflections")
    assert_no_axe_violations(trainer)
    screenshot(trainer, "review-queue")
    prompt = open_demo_submission(trainer)
    assert_no_axe_violations(trainer)
    screenshot(trainer, "review-submission")

    trainer.get_by_role("link", name=f"Add feedback on {prompt}").click()
    trainer.get_by_role("button", name="Save feedback").click()
    expect(trainer.locator(".govuk-error-summary")).to_contain_text("Enter your feedback")
    assert_no_axe_violations(trainer)
    trainer.get_by_label("Your feedback").fill(FEEDBACK)
    trainer.get_by_role("button", name="Save feedback").click()
    expect(trainer.locator(".govuk-notification-banner")).to_contain_text("Your feedback is saved")

    trainer.get_by_role("link", name="Return for more reflection").click()
    assert_no_axe_violations(trainer)
    trainer.get_by_label(prompt).check()
    trainer.get_by_label("Why are you returning these answers?").fill("Say how you would reach the father.")
    trainer.get_by_role("button", name="Return for more reflection").click()
    expect(trainer.locator(".govuk-notification-banner")).to_contain_text("returned for more reflection")

    learner = new_page()
    sign_in(learner, "learner@example.org")
    notice = learner.locator(".govuk-notification-banner", has_text="Returned for more reflection")
    expect(notice).to_contain_text("Say how you would reach the father.")
    assert_no_axe_violations(learner)
    notice.get_by_role("link").click()
    expect(learner.get_by_role("main")).to_contain_text(FEEDBACK)
    expect(learner.get_by_role("main")).to_contain_text("Think about this again")
    assert_no_axe_violations(learner)
    screenshot(learner, "learner-answers-with-feedback")
    learner.get_by_role("link", name="Change your answers").click()
    learner.get_by_role("link", name=f"Change your answer to: {prompt}").click()
    learner.get_by_label(prompt).fill(REVISED)
    learner.get_by_role("button", name="Save and continue").click()
    expect(learner.get_by_role("heading", level=1)).to_have_text("Check your answers")
    learner.get_by_role("button", name="Submit").click()
    expect(learner.locator(".govuk-panel__title")).to_have_text("Module complete")

    open_demo_submission(trainer)
    card = trainer.locator(".app-answer-card", has_text=REVISED)
    expect(card).to_contain_text(FEEDBACK)
    card.get_by_text("What they wrote before it was returned").click()
    expect(card).to_contain_text(REFLECTIONS[0])
    assert_no_console_errors(trainer)
    assert_no_console_errors(learner)


def test_a_question_is_read_side_by_side_and_exported_for_a_spreadsheet(page):
    sign_in(page, "trainer@example.org")
    page.get_by_role("link", name="Questions").click()
    assert_no_axe_violations(page)
    page.locator("a[href^='/review/questions/']").first.click()
    expect(page.locator(".app-answer-card").first).to_be_visible()
    expect(page.get_by_role("main")).not_to_contain_text("Sam Learner")
    assert_no_axe_violations(page)
    screenshot(page, "review-question")
    page.get_by_role("button", name=re.compile("Show who wrote this")).first.click()
    expect(page.get_by_role("main")).to_contain_text("Written by Sam Learner")

    page.get_by_role("link", name="Export these answers, anonymised").click()
    page.wait_for_url(re.compile(r"/review/exports/answers"))
    assert_no_axe_violations(page)
    page.get_by_label("Kind of agency only").check()
    with page.expect_download() as download:
        page.get_by_role("button", name="Download").click()
    rows = list(csv.reader(io.StringIO(download.value.path().read_text(encoding="utf-8-sig"))))
    assert rows[0][-1] == "Kind of agency" and len(rows) >= 2
    assert "Sam Learner" not in str(rows) and "learner@example.org" not in str(rows)


def test_what_we_learned_is_accessible(page):
    sign_in(page, "trainer@example.org")
    page.get_by_role("link", name="What we learned").click()
    page.get_by_label("Show figures for").select_option("module:case-1-early-help-self-referral")
    page.get_by_role("button", name="Show figures").click()
    expect(page.get_by_role("main")).to_contain_text("Fewer than 5 people")
    assert_no_axe_violations(page)
    page.goto("/review/comments")
    assert_no_axe_violations(page)


@pytest.fixture(scope="module")
def busy_url(tmp_path_factory):
    """A live server where six more people in two agencies have submitted Case 1."""
    url = f"sqlite:///{tmp_path_factory.mktemp('insights') / 'live.sqlite'}"
    with live_server(url) as base:
        app = make_app(url)
        with app.app_context():
            module = db.session.scalar(select(Module).where(Module.slug == "case-1-early-help-self-referral"))
            for n in range(6):
                agency = "Homerton Healthcare" if n % 2 else "Hackney Education"
                person, _ = upsert_user(
                    f"person{n}@example.org",
                    f"Person {n}",
                    [Role.LEARNER],
                    profession="Teacher",
                    agency=ensure_agency(agency, "health"),
                )
                submitted_attempt(person, module, wrong_first=bool(n % 3), before=2, after=3 + n % 3)
            db.engine.dispose()
        yield base


def test_the_charts_of_what_we_learned_are_accessible_images_with_tables(browser, busy_url):
    context = browser.new_context(base_url=busy_url)
    page = context.new_page()
    watch(page, java_script_enabled=True)
    sign_in(page, "trainer@example.org")
    page.goto("/review/insights?about=module:case-1-early-help-self-referral&split=profession")

    charts = page.get_by_role("img")
    expect(charts).to_have_count(3)
    expect(page.get_by_role("img", name="Confidence before and after")).to_be_visible()
    expect(page.get_by_role("table").first).to_contain_text("Teacher")
    screenshot(page, "review-insights")
    assert_no_axe_violations(page)
    context.close()
