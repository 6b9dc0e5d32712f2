"""A learner completes a whole module by keyboard alone, with and without JavaScript, stopping half way."""

import re

import pytest
import yaml
from playwright.sync_api import expect

from tests.browser.conftest import assert_no_axe_violations, assert_no_console_errors, screenshot, sign_in
from tests.conftest import ROOT

pytestmark = pytest.mark.browser

SLUG = "harry-local-authority-boundaries"
REFLECTION = (
    "What happened: the family lived on a boundary. So what: I must check who provides what. Now what: I will ask."
)
MODULE = yaml.safe_load((ROOT / "content" / "modules" / f"{SLUG}.yaml").read_text(encoding="utf-8"))
# Option values are random keys made at load time, so the right options are known by their text.
CORRECT = {
    f"answer-{check['key']}": {o["text"] for o in check["options"] if o.get("correct")}
    for check in MODULE["knowledge_check"]
}
ROLE = "School or education"


def focus_state(page) -> dict:
    return page.evaluate("""() => {
        const el = document.activeElement;
        return {tag: el.tagName.toLowerCase(), type: el.type || "", name: el.name || "", value: el.value || "",
                checked: !!el.checked, text: (el.innerText || "").trim(),
                label: el.labels && el.labels.length ? el.labels[0].innerText.trim() : ""};
    }""")


def is_wanted(state: dict) -> bool:
    """Say whether a focused option is one to choose: a right answer, or "3" on a confidence scale."""
    if state["name"] in CORRECT:
        return state["label"] in CORRECT[state["name"]]
    return state["value"] == "3"


def fill_page_by_keyboard(page, learner_text: str) -> None:
    """Tab through the page's form, answering each control, until the main button; then press it."""
    page.locator("#main-content").focus()  # where the skip link takes a keyboard user
    answered_groups = set()
    for _ in range(80):
        page.keyboard.press("Tab")
        state = focus_state(page)
        if state["tag"] == "textarea":
            page.keyboard.press("Control+A")
            page.keyboard.type(learner_text)
        elif state["type"] == "radio" and state["name"] not in answered_groups:
            for _ in range(8):
                if is_wanted(focus_state(page)):
                    break
                page.keyboard.press("ArrowDown")
            page.keyboard.press("Space")
            answered_groups.add(state["name"])
        elif state["type"] == "checkbox":
            if is_wanted(state) != state["checked"]:
                page.keyboard.press("Space")
        elif state["tag"] in ("button", "a") and state["text"] in (
            "Save and continue",
            "Check my answer",
            "Continue",
            "Submit",
        ):
            with page.expect_navigation():
                page.keyboard.press("Enter")
            return
    raise AssertionError(f"never reached the page's button on {page.url}")


def work_through(page, pages: int | None = None, role_prompts: list | None = None) -> list[str]:
    """Answer page after page until Check your answers, or for so many pages; return the page titles."""
    titles = []
    while pages is None or len(titles) < pages:
        if page.get_by_role("heading", level=1).inner_text() == "Check your answers":
            break
        titles.append(page.title())
        if role_prompts is not None and page.locator("#role-prompt").count():
            role_prompts.append(page.locator("#role-prompt").inner_text())
        assert_no_axe_violations(page)
        fill_page_by_keyboard(page, REFLECTION)
        if page.locator("#check-result").count():
            expect(page.locator("#check-result h2")).to_have_text("Correct")
            assert_no_axe_violations(page)
            fill_page_by_keyboard(page, REFLECTION)
    return titles


def start_module(page) -> None:
    page.goto("/my-learning")
    page.get_by_role("link", name=re.compile("Case 3: Harry|Harry")).first.click()
    expect(page.locator("form[action$='/start']")).to_be_visible()
    assert_no_axe_violations(page)
    if page.get_by_label(ROLE).count():
        page.get_by_label(ROLE).focus()
        page.keyboard.press("Space")
    start = re.compile("Start now|Continue where you left off|Do this module again")
    page.get_by_role("button", name=start).press("Enter")
    expect(page).to_have_url(re.compile(r"/attempts/\d+/(pages|check-answers)"))


@pytest.mark.parametrize(
    "java_script, email", [(True, "learner@example.org"), (False, "trainer@example.org")], ids=["with-js", "without-js"]
)
def test_a_learner_completes_a_module_by_keyboard_stopping_half_way(new_page, java_script, email):
    phone = new_page(width=375, height=800, java_script_enabled=java_script)
    sign_in(phone, email)
    start_module(phone)
    role_prompts = []
    first_half = work_through(phone, pages=4, role_prompts=role_prompts)
    stopped_at = phone.title()

    # Later, on a desktop: sign in and carry on where they left off.
    desktop = new_page(java_script_enabled=java_script)
    sign_in(desktop, email)
    start_module(desktop)
    assert desktop.title() == stopped_at
    second_half = work_through(desktop, role_prompts=role_prompts)
    school_prompt = MODULE["key_messages"][0]["role_prompts"]["school"]
    assert [" ".join(text.split()) for text in role_prompts] == [
        f"For you as: {ROLE} {' '.join(school_prompt.split())}"
    ]
    assert len(set(first_half + second_half)) == len(first_half + second_half), "every page title is unique"

    expect(desktop.get_by_role("heading", level=1)).to_have_text("Check your answers")
    summary = desktop.locator(".govuk-summary-list__value").all_inner_texts()
    # the pause point, three reflections and the action plan's three parts
    assert sum(REFLECTION in value for value in summary) == 7
    assert_no_axe_violations(desktop)
    screenshot(desktop, f"check-answers-{'js' if java_script else 'no-js'}")
    change_a_right_knowledge_check(desktop)

    desktop.get_by_role("button", name="Submit").focus()
    desktop.keyboard.press("Enter")
    expect(desktop.locator(".govuk-panel__title")).to_have_text("Module complete")
    assert_no_axe_violations(desktop)
    confirmation = desktop.url
    desktop.get_by_role("link", name="your learning record").click()
    expect(desktop.get_by_role("table")).to_contain_text("Harry")
    assert_no_axe_violations(desktop)  # the record with a completion in it
    record = desktop.url
    assert_no_console_errors(desktop)
    assert_no_console_errors(phone)

    # Back on the phone (signing in again, as signing in elsewhere ended its session).
    small = new_page(width=375, height=800, java_script_enabled=java_script)
    sign_in(small, email)
    fits_a_phone(small, confirmation, "Module complete", java_script)
    title, completed_on = small.locator("#completed-module"), small.locator("#completed-on")
    expect(title).to_have_text(MODULE["title"])
    expect(completed_on).to_have_text(re.compile(r"^Completed on \d{1,2} \w+ \d{4}$"))
    assert title.bounding_box()["y"] + title.bounding_box()["height"] <= completed_on.bounding_box()["y"]
    fits_a_phone(small, record, "My learning record", java_script)


def change_a_right_knowledge_check(page) -> None:
    """Change on a knowledge check already right shows the answer, with ways back and on."""
    prompt = MODULE["knowledge_check"][0]["prompt"]
    page.get_by_role("link", name=f"Change your answer to: {' '.join(prompt.split())}").click()
    expect(page.locator("#check-result h2")).to_have_text("Correct")
    expect(page.locator("#chosen-answer li")).to_have_count(
        len(CORRECT[f"answer-{MODULE['knowledge_check'][0]['key']}"])
    )
    expect(page.get_by_role("button", name="Save and come back later")).to_be_visible()
    assert_no_axe_violations(page)
    page.get_by_role("link", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your answers")


def fits_a_phone(page, url: str, heading: str, java_script: bool) -> None:
    """The page fits a 375 pixel screen without scrolling sideways."""
    page.goto(url)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    assert_no_axe_violations(page)
    name = heading.lower().replace(" ", "-")
    screenshot(page, f"{name}-375-{'js' if java_script else 'no-js'}")
