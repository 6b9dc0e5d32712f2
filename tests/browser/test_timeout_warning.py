"""The idle timeout warns before signing out and lets the learner stay signed in (WCAG 2.2.1)."""

import re
import time
from datetime import timedelta

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, live_server, sign_in, watch

pytestmark = pytest.mark.browser

TIMEOUT = timedelta(seconds=10)
WARNING = timedelta(seconds=7)


@pytest.fixture(scope="module")
def short_timeout_url(tmp_path_factory):
    """A live server whose sessions time out after ten seconds, with the warning at three."""
    url = f"sqlite:///{tmp_path_factory.mktemp('timeout') / 'live.sqlite'}"
    with live_server(url, SESSION_IDLE_TIMEOUT=TIMEOUT, SESSION_WARNING_BEFORE=WARNING) as base:
        yield base


@pytest.fixture
def short_page(browser, short_timeout_url):
    context = browser.new_context(base_url=short_timeout_url)
    page = context.new_page()
    watch(page, java_script_enabled=True)
    yield page
    context.close()


def test_the_warning_offers_to_stay_signed_in_and_staying_keeps_the_session(short_page):
    page = short_page
    sign_in(page, "learner@example.org")
    started = time.monotonic()

    dialog = page.get_by_role("dialog", name="You’re about to be signed out")
    expect(dialog).to_be_visible(timeout=6000)
    expect(dialog.get_by_role("button", name="Stay signed in")).to_be_focused()
    assert_no_axe_violations(page)
    page.keyboard.press("Enter")
    expect(dialog).to_be_hidden()

    time.sleep(max(0, TIMEOUT.total_seconds() + 1.5 - (time.monotonic() - started)))
    page.reload()
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")


def test_doing_nothing_signs_the_learner_out(short_page):
    page = short_page
    sign_in(page, "learner@example.org")

    expect(page).to_have_url(re.compile(r"/sign-in"), timeout=15000)
    expect(page.locator(".govuk-notification-banner")).to_contain_text("signed out because you were inactive")
