"""A saved draft reaches the disk a moment after the server answers (database.write_together). If the server then
stops answering, it may have lost power in that moment and the draft with it: the page sends every answer again."""

import sqlite3
from contextlib import closing

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import live_server, sign_in, watch
from tests.browser.test_learner_pages import go_to_first_reflection, start

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A live server of this module's own, whose database file the test can change as a power cut would."""
    path = tmp_path_factory.mktemp("power-cut") / "live.sqlite"
    with live_server(f"sqlite:///{path}") as url:
        yield url, path


def test_after_the_server_stops_answering_the_page_sends_every_answer_again(browser, server):
    url, path = server
    context = browser.new_context(base_url=url)
    page = context.new_page()
    watch(page, True)
    sign_in(page, "learner@example.org")
    start(page, "Felix")
    go_to_first_reflection(page)
    reflection = page.locator("textarea").first
    status = page.get_by_role("status")
    kept = "Saved, then lost with the server's power in the moment before it reached the disk."
    reflection.fill(kept)
    expect(status).to_contain_text("Saved at", timeout=10000)

    # The power cut: the server stops answering, and comes back without the draft it last said was saved.
    page.route("**/autosave", lambda route: route.abort())
    with closing(sqlite3.connect(path)) as database, database:
        assert database.execute("UPDATE answers SET text = '' WHERE text = ?", (kept,)).rowcount == 1
    reflection.fill(f"{kept} And a little more.")
    expect(status).to_contain_text("connection was lost", timeout=10000)
    reflection.fill(kept)  # the learner takes the addition out again: the text is the one saved before
    page.unroute("**/autosave")

    expect(status).to_contain_text("Saved at", timeout=10000)
    page.reload()
    expect(page.locator("textarea").first).to_have_value(kept)
    context.close()
