"""Every learner page, error states included, has no axe violations; autosave announces what it did."""

import re

import pytest
import yaml
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, assert_no_console_errors, screenshot, sign_in
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

EMAIL = "manager@example.org"  # holds the learner role too; the only other test as trainer does Harry
GABRIELE = yaml.safe_load((ROOT / "content/modules/gabriele-life-limiting-condition.yaml").read_text(encoding="utf-8"))


def start(page, name: str, role: str = "Health visitor or school nurse") -> None:
    page.goto("/my-learning")
    page.get_by_role("link", name=re.compile(name)).first.click()
    expect(page.locator("form[action$='/start']")).to_be_visible()
    if page.get_by_label(role).count():
        page.get_by_label(role).check()
    page.get_by_role("button", name=re.compile("Start now|Continue where you left off|Do this module again")).click()
    expect(page).to_have_url(re.compile(r"/attempts/\d+/pages/"))


def go_to_first_reflection(page) -> None:
    while page.locator("textarea").count() == 0:
        for group in {r.get_attribute("name") for r in page.locator("input[type=radio]").all()}:
            page.locator(f"input[name='{group}']").nth(2).check()
        with page.expect_navigation():
            page.get_by_role("button", name="Save and continue").click()


@pytest.mark.parametrize(
    "java_script, email", [(True, EMAIL), (False, "trainer@example.org")], ids=["with-js", "without-js"]
)
def test_learner_pages_and_their_error_states_have_no_axe_violations(new_page, java_script, email):
    page = new_page(java_script_enabled=java_script)
    sign_in(page, email)
    for path in (
        "/my-learning",
        "/my-learning?theme=the-silent-child",
        "/themes/the-silent-child",
        "/my-learning/record",
        "/accessibility",
        "/privacy",
    ):
        page.goto(path)
        assert_no_axe_violations(page)

    page.goto("/my-learning")
    page.get_by_role("link", name=re.compile("Gabriele")).first.click()
    page.get_by_role("button", name="Start now").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Select your role")
    assert_no_axe_violations(page)  # starting without choosing a role
    start(page, "Gabriele")
    assert_no_axe_violations(page)  # confidence before
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)  # confidence not chosen
    go_to_first_reflection(page)
    page.locator("textarea").first.fill("Too short")
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Write at least")
    screenshot(page, f"reflection-error-{'js' if java_script else 'no-js'}")
    assert_no_axe_violations(page)

    attempt_url = page.url.rsplit("/pages/", 1)[0]
    check = GABRIELE["knowledge_check"][0]
    wrong = next(option for option in check["options"] if not option.get("correct"))
    page.goto(f"{attempt_url}/pages/check-{check['key']}")
    page.get_by_label(wrong["text"]).check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator("#check-result h2")).to_have_text("Not quite")
    expect(page.locator("#check-result")).to_contain_text(wrong["feedback"])
    assert_no_axe_violations(page)  # a wrong knowledge-check answer, with feedback on the option chosen
    page.get_by_label(wrong["text"]).check()
    page.get_by_role("button", name="Check my answer").click()
    expect(page.locator("#check-result")).to_contain_text(" ".join(check["explanation"].split()[:6]))
    assert_no_axe_violations(page)  # a second wrong answer, now with the explanation

    page.goto(f"{attempt_url}/pages/check-{GABRIELE['knowledge_check'][1]['key']}")
    page.get_by_role("button", name="Save and come back later").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    assert_no_axe_violations(page)  # saved for later from a knowledge check

    page.goto(f"{attempt_url}/check-answers")
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Submit").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()
    assert_no_axe_violations(page)  # submitting with answers missing
    if java_script:
        assert_no_console_errors(page)


def test_autosave_announces_saving_and_the_text_survives_a_reload(new_page):
    page = new_page()
    sign_in(page, EMAIL)
    start(page, "Felix")
    go_to_first_reflection(page)
    status = page.get_by_role("status")

    typed = "Typed but never submitted: the mother carries most of the load."
    page.locator("textarea").first.fill(typed)
    expect(status).to_contain_text("Saved at", timeout=10000)
    page.reload()

    expect(page.locator("textarea").first).to_have_value(typed)
    assert_no_console_errors(page)


def test_autosave_says_clearly_when_saving_fails(new_page):
    page = new_page()
    sign_in(page, EMAIL)
    start(page, "Case 3")
    go_to_first_reflection(page)
    page.route("**/autosave", lambda route: route.abort())

    page.locator("textarea").first.fill("Written while the connection is down.")

    expect(page.get_by_role("status")).to_contain_text("could not be saved", timeout=10000)
    expect(page.locator("textarea").first).to_have_value("Written while the connection is down.")


def test_reloading_a_page_shown_with_errors_keeps_what_autosave_saved_since(new_page):
    page = new_page()
    sign_in(page, EMAIL)
    start(page, "Harry")
    go_to_first_reflection(page)
    page.get_by_role("button", name="Save and continue").click()
    expect(page.locator(".govuk-error-summary")).to_be_visible()

    later = "Written after the error message and saved by autosave."
    page.locator("textarea").first.fill(later)
    expect(page.get_by_role("status")).to_contain_text("Saved at", timeout=10000)
    page.reload()

    expect(page.locator("textarea").first).to_have_value(later)


def test_an_unknown_certificate_code_gets_a_designed_not_found_page(page):
    response = page.goto("/certificates/verify/abcd efgh jkmn")

    assert response.status == 404
    expect(page.get_by_role("heading", level=1)).to_have_text("Certificate not found")
    expect(page.get_by_role("main")).to_contain_text("abcd efgh jkmn")
    screenshot(page, "certificate-not-found")
    assert_no_axe_violations(page)
