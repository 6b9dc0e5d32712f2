"""A live server with the real content and demo accounts, one Chromium per session, and page helpers."""

import os
import re
import threading
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from weakref import WeakKeyDictionary

import pytest
from flask_migrate import upgrade
from playwright.sync_api import expect, sync_playwright
from werkzeug.serving import make_server

from quizapp.extensions import db
from tests.conftest import PASSWORD, REQUIRED, ROOT, make_app

CHROMIUM = Path(os.environ.get("CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
AXE_SOURCE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa", "best-practice"]
SCREENSHOTS = ROOT / "screenshots"
DESKTOP = {"width": 1280, "height": 800}


@dataclass
class _Watched:
    java_script_enabled: bool
    console_errors: list[str] = field(default_factory=list)


_watched: WeakKeyDictionary = WeakKeyDictionary()
_axe_copies: WeakKeyDictionary = WeakKeyDictionary()


def _invoke(app, *args: str) -> None:
    result = app.test_cli_runner().invoke(args=list(args))
    if result.exception and not isinstance(result.exception, SystemExit):
        raise result.exception
    assert result.exit_code == 0, f"flask {' '.join(args)} exited {result.exit_code}:\n{result.output}"


@contextmanager
def live_server(database_url: str, **overrides):
    """Serve the app with the six real modules and the demo accounts; yield its base URL."""
    app = make_app(database_url, SERVER_NAME=None, **overrides)
    with app.app_context():
        upgrade(directory=str(ROOT / "migrations"))
        _invoke(app, "content", "load")
        _invoke(app, "demo", "--password", PASSWORD)
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        thread.join()
        with app.app_context():
            db.engine.dispose()


@pytest.fixture(scope="session")
def live_url(tmp_path_factory):
    """One live server for the session, on a fresh SQLite file."""
    with live_server(f"sqlite:///{tmp_path_factory.mktemp('browser') / 'live.sqlite'}") as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """One headless system Chromium for the whole session."""
    if not CHROMIUM.exists():
        message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
        if REQUIRED:
            pytest.fail(message)
        pytest.skip(message)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser, live_url):
    """Return a factory opening a page in a fresh context: new_page(width=320, java_script_enabled=False)."""
    contexts = []

    def open_page(width=DESKTOP["width"], height=DESKTOP["height"], java_script_enabled=True):
        context = browser.new_context(
            base_url=live_url, viewport={"width": width, "height": height}, java_script_enabled=java_script_enabled
        )
        contexts.append(context)
        page = context.new_page()
        watch(page, java_script_enabled)
        return page

    yield open_page
    for context in contexts:
        context.close()


def watch(page, java_script_enabled: bool) -> None:
    """Start collecting the page's console errors and remember whether it runs JavaScript."""
    _watched[page] = _Watched(java_script_enabled)
    errors = _watched[page].console_errors

    def on_console(message):
        if message.type == "error":
            errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", on_console)
    page.on("pageerror", lambda error: errors.append(f"uncaught {error}"))


@pytest.fixture
def page(new_page, request):
    """A desktop page with JavaScript; parametrise indirectly with False for one without."""
    return new_page(java_script_enabled=getattr(request, "param", True))


@pytest.fixture
def no_js_page(new_page):
    """A desktop page with JavaScript turned off, as some locked-down work laptops have."""
    return new_page(java_script_enabled=False)


def sign_in(page, email: str, password: str = PASSWORD) -> None:
    """Sign in through the real form and wait to leave the sign-in page."""
    page.goto("/sign-in")
    page.get_by_label("Email address").fill(email)
    # exact, because the design system's "Show password" button is labelled too
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Sign in").click()
    expect(page).not_to_have_url(re.compile(r"/sign-in"))


def focused(page) -> dict:
    """Describe the element that has keyboard focus: its tag, id, classes and text."""
    return page.evaluate("""() => {
        const el = document.activeElement;
        return {tag: el.tagName.toLowerCase(), id: el.id, classes: [...el.classList],
                text: el.innerText.trim()};
    }""")


def assert_no_console_errors(page) -> None:
    """Fail if the page logged an error: a failed request, a script blocked by the CSP, an exception."""
    errors = _watched[page].console_errors
    assert not errors, f"console errors on {page.url}:\n" + "\n".join(errors)


def axe_violations(page) -> list[dict]:
    """Run axe-core's WCAG 2.2 AA and best-practice rules on the page and return the violations."""
    # A click on a link returns once the navigation starts: check the new page, once it has loaded.
    page.wait_for_load_state("load")
    if not _watched[page].java_script_enabled:
        return _axe_on_a_copy(page)
    # page.evaluate goes through DevTools, so the page's Content-Security-Policy cannot block it.
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(AXE_SOURCE.read_text(encoding="utf-8"))
    return page.evaluate(
        """async (tags) => {
        const results = await axe.run(document, {runOnly: {type: "tag", values: tags}});
        return results.violations.map(v => ({
            id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
            nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html})),
        }));
    }""",
        AXE_TAGS,
    )


def _axe_on_a_copy(page) -> list[dict]:
    # axe waits on timers, which never fire with JavaScript off. So check the same HTML in a page
    # whose policy blocks every page script: for the DOM and the CSS that is the same as JavaScript off.
    url, html = page.url.split("#")[0], page.content()
    copy = _axe_copy_page(page.context.browser)
    copy.set_viewport_size(page.viewport_size)
    copy.unroute_all()
    copy.route(
        lambda requested: requested == url,
        lambda route: route.fulfill(
            body=html, content_type="text/html; charset=utf-8", headers={"Content-Security-Policy": "script-src 'none'"}
        ),
    )
    copy.goto(url)
    return axe_violations(copy)


def _axe_copy_page(browser):
    if browser not in _axe_copies:
        context = browser.new_context()
        context.add_init_script(path=AXE_SOURCE)
        _axe_copies[browser] = context.new_page()
        watch(_axe_copies[browser], java_script_enabled=True)
    return _axe_copies[browser]


def assert_no_axe_violations(page) -> None:
    """Fail with every axe violation, its impact and the failing elements."""
    violations = axe_violations(page)
    lines = [f"{len(violations)} axe violation(s) on {page.url}:"]
    for rule in violations:
        lines.append(f"- {rule['id']} ({rule['impact']}): {rule['help']} <{rule['helpUrl']}>")
        lines.extend(f"    {node['target']}: {node['html'][:200]}" for node in rule["nodes"])
    assert not violations, "\n".join(lines)


def screenshot(page, name: str) -> Path:
    """Save a full-page PNG under screenshots/ for people to look at."""
    SCREENSHOTS.mkdir(exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path
