"""The whole on-boarding in a real browser: an admin imports staff, fixes a bad row, and a newcomer invited by
e-mail (through a real loopback SMTP server) sets a password and reaches My learning. Every admin page is axe-clean."""

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    assert_no_axe_violations,
    assert_no_console_errors,
    live_server,
    screenshot,
    sign_in,
    watch,
)
from tests.services import smtp_server

pytestmark = pytest.mark.browser

ADMIN = "admin@example.org"
AGENCY = "Hackney Children and Families Service"
HEADER = "Email,Name,Agency,Team,Profession,Roles\n"
GOOD = f"nia.newcomer@example.org,Nia Newcomer,{AGENCY},Children in Need,Social worker,learner\n"
TYPO = "omar.osei@example.org,Omar Osei,Hackney Childrens Services,,Family support worker,learner\n"
FIXED = f"omar.osei@example.org,Omar Osei,{AGENCY},,Family support worker,learner\n"
NEW_PASSWORD = "purple elephants dance quietly"


@pytest.fixture(scope="module")
def mailing_site(tmp_path_factory):
    """A live server of its own that sends e-mail to a loopback SMTP server; yields (url, mail server)."""
    with smtp_server() as mail:
        database = tmp_path_factory.mktemp("onboarding") / "live.sqlite"
        with live_server(f"sqlite:///{database}", MAIL_SERVER=mail.host, MAIL_PORT=mail.port) as url:
            yield url, mail


@pytest.fixture
def open_page(browser, mailing_site):
    contexts = []

    def opened():
        context = browser.new_context(base_url=mailing_site[0], viewport={"width": 1280, "height": 800})
        contexts.append(context)
        page = context.new_page()
        watch(page, True)
        return page

    yield opened
    for context in contexts:
        context.close()


def wait_for_mail(mail, address: str, seconds: float = 10):
    """Return the messages to an address once one has arrived: a reset is sent just after the page answers."""
    deadline = time.monotonic() + seconds
    while not mail.to(address) and time.monotonic() < deadline:
        time.sleep(0.05)
    return mail.to(address)


def upload(page, tmp_path, text: str) -> None:
    path = tmp_path / "staff.csv"
    path.write_text(text, encoding="utf-8")
    page.get_by_label("Upload a file").set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    page.wait_for_load_state()


def test_an_admin_imports_staff_and_an_invited_newcomer_signs_in(open_page, mailing_site, tmp_path):
    _, mail = mailing_site
    admin = open_page()
    sign_in(admin, ADMIN)
    expect(admin.get_by_role("heading", level=1)).to_have_text("Administration")
    admin.get_by_role("link", name="Import staff", exact=True).click()

    upload(admin, tmp_path, HEADER + GOOD + TYPO)
    summary = admin.locator(".govuk-error-summary")
    expect(summary).to_contain_text("nothing was imported")
    expect(summary).to_contain_text("Row 3, Agency: There is no agency called “Hackney Childrens Services”")
    screenshot(admin, "admin-import-row-error")
    assert_no_axe_violations(admin)

    upload(admin, tmp_path, HEADER + GOOD + FIXED)
    expect(admin.get_by_role("heading", level=1)).to_have_text("Check the import")
    screenshot(admin, "admin-import-preview")
    assert_no_axe_violations(admin)
    admin.get_by_role("button", name="Import people").click()
    expect(admin.locator(".govuk-notification-banner")).to_contain_text("Imported: 2 added, 0 updated, 0 unchanged")
    assert_no_console_errors(admin)

    [invitation] = wait_for_mail(mail, "nia.newcomer@example.org")
    body = invitation.get_payload(decode=True).decode("utf-8")
    link = re.search(r"https?://\S+/set-password/\S+", body).group(0)

    newcomer = open_page()
    newcomer.goto(link)
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Set your password")
    assert_no_axe_violations(newcomer)
    newcomer.get_by_label("Create a password").fill(NEW_PASSWORD)
    newcomer.get_by_label("Confirm your password").fill(NEW_PASSWORD)
    newcomer.get_by_role("button", name="Set password").click()
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("Your password is set")
    newcomer.get_by_role("button", name="Sign in").click()
    sign_in(newcomer, "nia.newcomer@example.org", NEW_PASSWORD)
    expect(newcomer.get_by_role("heading", level=1)).to_have_text("My learning")
    screenshot(newcomer, "newcomer-my-learning")
    assert_no_console_errors(newcomer)


ADMIN_PAGES = [
    ("/admin/", "admin-home"),
    ("/admin/people", "admin-people"),
    ("/admin/people/new", "admin-person-new"),
    ("/admin/people/5", "admin-person"),
    ("/admin/people/5/edit", "admin-person-edit"),
    ("/admin/people/5/data", "admin-person-data"),
    ("/admin/people/import", "admin-import"),
    ("/admin/organisation", "admin-organisation"),
    ("/admin/organisation/agencies/new", "admin-agency-new"),
    ("/admin/organisation/agencies/1", "admin-agency"),
    ("/admin/organisation/teams/1", "admin-team"),
    ("/admin/organisation/teams/1/merge", "admin-team-merge"),
    ("/admin/content", "admin-content"),
    ("/admin/content/case-1-early-help-self-referral/versions/1?page=2", "admin-preview"),
    ("/admin/content/check", "admin-check-content"),
    ("/admin/audit", "admin-audit"),
    ("/forgot-password", "forgot-password"),
]


@pytest.mark.parametrize(("path", "name"), ADMIN_PAGES, ids=[name for _, name in ADMIN_PAGES])
def test_every_admin_page_is_accessible(open_page, path, name):
    page = open_page()
    if not path.startswith("/forgot"):
        sign_in(page, ADMIN)
    response = page.goto(path)
    assert response.status == 200, path
    screenshot(page, name)
    assert_no_axe_violations(page)
    assert_no_console_errors(page)


def test_form_errors_on_admin_pages_are_accessible(open_page):
    page = open_page()
    sign_in(page, ADMIN)
    page.goto("/admin/people/new")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter the person’s name")
    assert_no_axe_violations(page)
    page.goto("/admin/audit?since=31&since=2&since=2026")
    expect(page.locator(".govuk-error-summary")).to_contain_text("Enter a real date")
    screenshot(page, "admin-audit-error")
    assert_no_axe_violations(page)


def test_a_person_who_forgot_their_password_resets_it_from_the_sign_in_page(open_page, mailing_site):
    _, mail = mailing_site
    page = open_page()
    page.goto("/sign-in")
    page.get_by_role("link", name="Forgotten your password?").click()
    page.get_by_label("Email address").fill("trainer@example.org")
    page.get_by_role("button", name="Send me a link").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_no_axe_violations(page)

    [message] = wait_for_mail(mail, "trainer@example.org")
    link = re.search(r"https?://\S+/set-password/\S+", message.get_payload(decode=True).decode("utf-8")).group(0)
    page.goto(link)
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new password")
    page.get_by_label("Create a password").fill(NEW_PASSWORD)
    page.get_by_label("Confirm your password").fill(NEW_PASSWORD)
    page.get_by_role("button", name="Set password").click()
    page.get_by_role("button", name="Sign in").click()
    sign_in(page, "trainer@example.org", NEW_PASSWORD)
    assert_no_console_errors(page)
