"""The manager's pages have no axe violations, with and without JavaScript, and the assign journey works by keyboard."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, assert_no_console_errors, screenshot, sign_in

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("java_script", [True, False], ids=["with-js", "without-js"])
def test_report_pages_have_no_axe_violations(new_page, java_script):
    page = new_page(java_script_enabled=java_script)
    sign_in(page, "manager@example.org")
    expect(page).to_have_url(re.compile(r"/reports/$"))
    assert_no_axe_violations(page)
    if java_script:
        screenshot(page, "reports-home")

    page.goto("/reports/?status=not+started&completed_from=31&completed_from=2&completed_from=2026")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Completed from must be a real date")
    assert_no_axe_violations(page)

    page.goto("/reports/")
    page.locator("#people a", has_text="Sam Learner").first.click()
    expect(page.locator("h1")).to_have_text("Sam Learner")
    assert_no_axe_violations(page)
    if java_script:
        screenshot(page, "reports-person")
        assert_no_console_errors(page)


def test_a_manager_assigns_changes_and_withdraws_training(new_page):
    page = new_page()
    sign_in(page, "partnership@example.org")
    page.get_by_role("link", name="Assignments").click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Assign training").click()
    page.get_by_role("button", name="Assign training").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select a module or theme to assign")
    assert_no_axe_violations(page)

    page.get_by_label("What to assign").select_option(label="Every module on the theme: The silent child")
    page.get_by_label("Who must do it").select_option(
        label="Team: Assessment and Intervention (Hackney Children and Families Service)"
    )
    page.get_by_label("Day", exact=True).fill("1")
    page.get_by_label("Month", exact=True).fill("6")
    page.get_by_label("Year", exact=True).fill("2031")
    page.get_by_label("Refresh every (months, optional)").fill("12")
    page.get_by_role("button", name="Assign training").click()

    expect(page.locator(".govuk-notification-banner")).to_contain_text("Training assigned")
    row = page.locator("#assignment-list tbody tr", has_text="Assessment and Intervention")
    expect(row).to_contain_text("1 June 2031")
    screenshot(page, "reports-assignments")
    row.get_by_role("link", name=re.compile("Change")).click()
    assert_no_axe_violations(page)
    page.get_by_label("Year", exact=True).fill("2032")
    page.get_by_role("button", name="Save").click()
    expect(row).to_contain_text("1 June 2032")
    row.get_by_role("link", name=re.compile("Withdraw")).click()
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Withdraw assignment").click()
    expect(page.locator(".govuk-notification-banner")).to_contain_text("Assignment withdrawn")
    expect(page.locator("#assignment-list tbody tr", has_text="Assessment and Intervention")).to_have_count(0)
