"""Each demo account signs in, in a real browser, to a page of its own with navigation for its roles."""

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, assert_no_console_errors, screenshot, sign_in

pytestmark = pytest.mark.browser

HOMES = {
    "learner@example.org": ("/my-learning", ["My learning", "My learning record"]),
    "trainer@example.org": ("/review/", ["Review", "My learning", "My learning record"]),
    "manager@example.org": ("/reports/", ["Reports", "My learning", "My learning record"]),
    "partnership@example.org": ("/reports/", ["Reports"]),
    "admin@example.org": ("/admin/", ["Administration"]),
}


@pytest.mark.parametrize("email", HOMES)
def test_each_demo_account_lands_on_its_home(page, email):
    path, links = HOMES[email]

    sign_in(page, email)

    expect(page).to_have_url(re.compile(re.escape(path) + r"$"))
    expect(page.get_by_role("heading", level=1)).to_have_count(1)
    expect(page.get_by_role("heading", level=1)).not_to_have_text(re.compile("permission|not found", re.I))
    navigation = page.get_by_role("navigation", name="Menu")
    for label in links:
        expect(navigation.get_by_role("link", name=label, exact=True)).to_be_visible()
    screenshot(page, f"home-{email.split('@')[0]}")
    assert_no_axe_violations(page)
    assert_no_console_errors(page)
