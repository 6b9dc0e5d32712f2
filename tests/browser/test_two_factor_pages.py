"""The two-factor pages are accessible, and the set-up QR code is drawn on the server within the CSP."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, assert_no_console_errors, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_setting_up_two_factor_shows_a_qr_code_and_errors_accessibly(new_page):
    page = new_page()
    sign_in(page, "partnership@example.org")  # no other browser test uses it; nothing here is confirmed
    page.goto("/account/two-factor")
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Set up two-factor sign-in").click()

    qr_code = page.get_by_role("img", name="QR code to scan with your authenticator app")
    expect(qr_code).to_be_visible()
    assert page.evaluate("document.querySelector('img.app-qr-code').naturalWidth") > 0
    assert_no_axe_violations(page)
    page.get_by_label("Code from your app").fill("12")
    page.get_by_role("button", name="Continue").click()

    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a correct code")
    screenshot(page, "two-factor-set-up-error")
    assert_no_axe_violations(page)
    assert_no_console_errors(page)
