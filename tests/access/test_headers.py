"""Every page and download, for every role and signed out, carries the security headers."""

import re

import pytest

from quizapp.extensions import db
from quizapp.models import Role
from tests.access.rules import ALL_ROLES
from tests.access.test_access_table import TABLE, _request
from tests.conftest import parse

GET_ROUTES = sorted((endpoint, entry) for endpoint, entry in TABLE.items() if entry.method == "GET")


@pytest.fixture
def people(app, learner, module, create_user):
    """One person per role; the learner owns attempt 1 and completion 1, so downloads are real."""
    if db.engine.dialect.name != "sqlite":
        pytest.skip("headers do not depend on the database")
    attempt = learner.start(module)
    learner.complete_all_pages(attempt)
    learner.submit(attempt)
    assert attempt.id == 1
    others = {role: create_user(roles=(role,), email=f"{role}@example.org") for role in ALL_ROLES if role != "learner"}
    return {None: None, Role.LEARNER: learner.user, **others}


def header_problems(response, signed_in: bool) -> list[str]:
    """List what is missing from one response's security headers."""
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    problems = []
    nonce = re.search(r"script-src 'self' 'nonce-([\w-]{16,})'", csp)
    if not nonce:
        problems.append(f"no script nonce in CSP {csp!r}")
    for directive in ("default-src 'self'", "frame-ancestors 'none'", "object-src 'none'", "base-uri 'none'"):
        if directive not in csp:
            problems.append(f"CSP lacks {directive}")
    if "unsafe-inline" in csp or "unsafe-eval" in csp:
        problems.append("CSP allows unsafe scripts or styles")
    if headers.get("X-Content-Type-Options") != "nosniff":
        problems.append("no nosniff")
    if headers.get("Referrer-Policy") not in ("same-origin", "no-referrer", "strict-origin-when-cross-origin"):
        problems.append("no Referrer-Policy")
    if (signed_in or "attachment" in headers.get("Content-Disposition", "")) and "no-store" not in headers.get(
        "Cache-Control", ""
    ):
        problems.append("signed-in page or download without Cache-Control: no-store")
    if nonce and response.mimetype == "text/html":
        scripts = parse(response).select("script")
        if any(script.get("nonce") != nonce.group(1) for script in scripts if not script.get("src")):
            problems.append("an inline script without the page's nonce")
    return problems


def test_every_get_route_sends_the_security_headers_to_every_role(app, people):
    app.config["WTF_CSRF_ENABLED"] = False
    failures = []
    downloads = 0
    for endpoint, entry in GET_ROUTES:
        for role, person in people.items():
            response = _request(app, endpoint, entry, person)
            downloads += "attachment" in response.headers.get("Content-Disposition", "")
            signed_in = person is not None and response.status_code not in (301, 302, 303)
            failures += [f"{endpoint} as {role or 'signed out'}: {p}" for p in header_problems(response, signed_in)]

    assert failures == []
    assert downloads >= 2, "the learner's certificate and CPD record should have been downloaded"


def test_each_page_gets_its_own_nonce(client):
    first = client.get("/sign-in").headers["Content-Security-Policy"]
    second = client.get("/sign-in").headers["Content-Security-Policy"]

    assert first != second
