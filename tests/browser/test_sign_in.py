"""Signing in with a keyboard, with and without JavaScript, lands on an accessible My learning."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    assert_no_axe_violations,
    assert_no_console_errors,
    focused,
    screenshot,
    sign_in,
)
from tests.conftest import PASSWORD

pytestmark = pytest.mark.browser

LEARNER = "learner@example.org"


def test_the_sign_in_page_is_accessible(page):
    page.goto("/sign-in")
    screenshot(page, "sign-in")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign in")
    assert_no_axe_violations(page)
    assert_no_console_errors(page)


def test_a_learner_signs_in_by_keyboard_alone_and_sees_six_modules(page):
    page.goto("/sign-in")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Skip to main content"
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert (focus := focused(page))["id"] == "email", focus
    page.keyboard.type(LEARNER)
    page.keyboard.press("Tab")
    assert (focus := focused(page))["id"] == "password", focus
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    expect(page.get_by_role("main").locator(".govuk-task-list__link")).to_have_count(6)
    screenshot(page, "my-learning")
    assert_no_axe_violations(page)
    assert_no_console_errors(page)


def test_a_wrong_password_is_announced_in_a_focused_error_summary(page):
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(LEARNER)
    page.get_by_label("Password", exact=True).fill("not the password")
    page.get_by_role("button", name="Sign in").click()

    summary = page.locator(".govuk-error-summary")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("alert")).to_contain_text("There is a problem")
    expect(summary.get_by_role("link", name="Enter a correct email address and password")).to_have_attribute(
        "href", "#email"
    )
    expect(page).to_have_title(re.compile(r"^Error: Sign in"))
    screenshot(page, "sign-in-error")
    assert_no_axe_violations(page)


def test_signing_in_works_without_javascript(no_js_page):
    sign_in(no_js_page, LEARNER)

    expect(no_js_page.locator("body")).not_to_have_class(re.compile(r"\bjs-enabled\b"))
    expect(no_js_page.get_by_role("heading", level=1)).to_have_text("My learning")
    expect(no_js_page.get_by_role("main").locator(".govuk-task-list__link")).to_have_count(6)
    screenshot(no_js_page, "my-learning-no-js")
    assert_no_axe_violations(no_js_page)


def test_a_paused_sign_in_says_for_how_long_in_a_focused_error_summary(page):
    page.goto("/sign-in")
    for _ in range(5):
        page.get_by_label("Email address").fill("nobody-here@example.org")
        page.get_by_label("Password", exact=True).fill("not the password")
        page.get_by_role("button", name="Sign in").click()
        expect(page.locator(".govuk-error-summary")).to_be_focused()

    message = "Sign-in is paused after too many attempts with this email address. Try again in 15 minutes"
    expect(page.locator(".govuk-error-summary").get_by_role("link", name=message)).to_have_attribute("href", "#email")
    expect(page.locator("#email-error")).to_contain_text(message)
    screenshot(page, "sign-in-paused")
    assert_no_axe_violations(page)
