"""Pages fit a small phone and the error pages meet the same accessibility bar as the rest."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, screenshot, sign_in

pytestmark = pytest.mark.browser


def test_my_learning_fits_a_320_pixel_screen_without_sideways_scrolling(new_page):
    page = new_page(width=320, height=640)
    sign_in(page, "learner@example.org")

    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    screenshot(page, "my-learning-320")
    assert page.evaluate("document.documentElement.scrollWidth") <= 320


def test_the_page_not_found_page_is_accessible(page):
    response = page.goto("/no-such-page")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Page not found")
    screenshot(page, "not-found")
    assert_no_axe_violations(page)
