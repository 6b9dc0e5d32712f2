"""Autosave tells the learner plainly when their session ended elsewhere, and saves again once they sign in."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot, sign_in, watch
from tests.browser.test_learner_pages import go_to_first_reflection, start

pytestmark = pytest.mark.browser


def test_signing_out_in_another_tab_warns_that_text_is_not_saved_and_keeps_it(new_page):
    page = new_page()
    sign_in(page, "learner@example.org")
    start(page, "Case 2")
    go_to_first_reflection(page)
    reflection = page.locator("textarea").first
    reflection.fill("Saved before signing out.")
    expect(page.get_by_role("status")).to_contain_text("Saved at", timeout=10000)

    other_tab = page.context.new_page()
    watch(other_tab, True)
    other_tab.goto("/my-learning")
    other_tab.get_by_role("button", name="Sign out").click()
    expect(other_tab.locator("h1")).to_have_text("You have signed out")
    reflection.fill("Typed after signing out in the other tab.")

    status = page.get_by_role("status")
    expect(status).to_contain_text("NOT saved", timeout=10000)
    expect(status).to_contain_text("sign in again in a new tab")
    expect(reflection).to_have_value("Typed after signing out in the other tab.")
    screenshot(page, "autosave-signed-out")
    assert_no_axe_violations(page)

    sign_in(other_tab, "learner@example.org")
    expect(status).to_contain_text("Saved at", timeout=10000)
    page.reload()
    expect(page.locator("textarea").first).to_have_value("Typed after signing out in the other tab.")
