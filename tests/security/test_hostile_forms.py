"""Random and hostile values posted to every form and put in every query string: never a 500, nothing half-done."""

from datetime import UTC, datetime
from urllib.parse import quote

import pytest
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from itsdangerous import URLSafeTimedSerializer
from werkzeug.routing import Rule

from quizapp.extensions import db
from quizapp.models import LinkPurpose, Role, User
from quizapp.models.types import utcnow
from quizapp.people.invitations import new_link
from quizapp.security import LAST_SEEN
from tests.access.probe_world import PROBES, World, build_world, snapshot
from tests.access.rules import PUBLIC, SIGNED_IN
from tests.access.test_access_table import TABLE
from tests.security.corpus import FORMULAS, MARKUP

# Fields of forms that only post (their page is another route's), besides what PROBES already send.
POST_ONLY_FIELDS = {
    "learn.start": ["role"],
    "learn.autosave": ["question", "value"],
    "admin.new_team": ["name"],
    "review.reveal_name": ["answer"],
    "admin.erase_person": ["confirm", "email"],
}
# Run last, as a success changes what the other routes would see.
LAST = ("admin.change_module", "admin.person_action", "admin.retire", "admin.erase_person", "auth.sign_out")
# Where a refused or re-shown form may still write: the audit trail, failed sign-in counters, and the pages that keep
# a learner's other answers when one of them cannot be stored (by design, see SECURITY.md).
MAY_WRITE_WHEN_REFUSED = {"audit_events"}
WRITES_WHEN_REFUSED = {
    "auth.sign_in": {"users"},
    "learn.page": {"answers", "attempts"},
    "learn.autosave": {"answers", "attempts"},
}
# Whose account the admin's account actions act on: not the learner whose objects the other routes use.
ON_SOMEONE_ELSE = {"admin.erase_person", "admin.person_action", "admin.subject_access", "admin.edit_person"}
REAL_ARGS = {
    "auth.set_password": lambda w: {"token": w.link},
    "admin.change_module": lambda w: {"slug": w.version.module.slug, "action": "publish"},
}
RAW_CSRF = "hostile-forms-csrf-value"
EXAMPLES_PER_FORM = 4
EXAMPLES_PER_QUERY = 2
SETTINGS = settings(
    max_examples=EXAMPLES_PER_FORM,
    deadline=None,
    database=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)

RAW = st.sampled_from(["%ff", "%fe%ff", "%c3%28", "%e2%82", "%ed%a0%80", "%00", "a%", "%zz"])
HOSTILE = st.sampled_from(
    [
        *MARKUP,
        *FORMULAS,
        "\x00",
        "a\x00b",
        "9" * 30,
        "-9" * 12,
        "2147483648",
        "-1",
        "0",
        "1e309",
        "NaN",
        "x" * 100_001,
        "ü" * 5000,
        "\U0001f600\u202e\ufeff\u200b",
        "' OR 1=1 --",
        "../../etc/passwd",
        "",
        " ",
    ]
)
TEXT = st.text(max_size=40)
VALUE = st.one_of(HOSTILE, TEXT, st.integers().map(str), RAW)


def encode(value: str) -> str:
    """Percent-encode a value, except the malformed escapes, which go as they are to reach the server raw."""
    return value if value.startswith("%") or value == "a%" else quote(value, safe="")


def body_of(pairs: list[tuple[str, str]]) -> bytes:
    return "&".join(f"{quote(name, safe='')}={encode(value)}" for name, value in pairs).encode("latin-1", "replace")


@st.composite
def form_posts(draw, fields: list[str]) -> list[tuple[str, str]]:
    """Each field missing, sent once or sent twice, with hostile values; sometimes a field nobody asked for."""
    pairs = []
    for name in fields:
        times = draw(st.sampled_from([0, 1, 1, 2]))
        pairs += [(name, draw(VALUE)) for _ in range(times)]
    pairs += [(draw(st.sampled_from(["x", "id", "user_id", "role", "__proto__"])), draw(VALUE))] * draw(
        st.integers(0, 1)
    )
    return pairs


QUERIES = st.lists(
    st.tuples(st.sampled_from(["page", "q", "sort", "status", "agency", "module", "next", "change", "x"]), VALUE),
    max_size=4,
)


@pytest.fixture
def world(app, create_user, loaded_modules) -> World:
    """The probe matrix's people and objects; on both databases, as each refuses different values when storing."""
    app.config["WTF_CSRF_ENABLED"] = True  # as in production; every post carries a valid token, so reaches its form
    world = build_world(create_user, loaded_modules)
    world.objects["link"] = new_link(world.foreign_learner, LinkPurpose.RESET, utcnow())
    db.session.commit()
    return world


def route_of(rule: Rule, world: World) -> tuple[str, int | None]:
    """Return where to send a rule's requests, and as whom: on real objects, as a person allowed to use them."""
    if rule.endpoint in PROBES:
        probe = PROBES[rule.endpoint]
        args, person = probe.args(world), world.people[probe.owner]
        if rule.endpoint in ON_SOMEONE_ELSE:
            args = {**args, "user_id": world.other_learner.id}
    else:
        entry = TABLE[rule.endpoint]
        args, person = entry.args, _allowed(entry.allowed, world)
        # Real objects where the table's arguments name none, so the form is reached.
        args = {**args, **REAL_ARGS.get(rule.endpoint, lambda w: {})(world)}
    built = rule.build({name: value for name, value in args.items() if name in rule.arguments})
    assert built is not None, rule.rule
    return built[1], person.id if person else None


def _allowed(allowed, world: World) -> User | None:
    if allowed == PUBLIC:
        return None
    if allowed == SIGNED_IN or Role.LEARNER in allowed:
        return world.owner
    by_role = {Role.TRAINER: world.trainer, Role.MANAGER: world.manager_in, Role.ADMIN: world.admin}
    return next(by_role[role] for role in (Role.TRAINER, Role.MANAGER, Role.ADMIN) if role in allowed)


def send(app, person: int | None, method: str, url: str, body: bytes = b""):
    client = app.test_client()
    with client.session_transaction() as session:
        session["csrf_token"] = RAW_CSRF
        if person is not None:
            token = db.session.get(User, person).session_token  # read afresh: a sign-out changes it
            session.update({"_user_id": token, "_fresh": True, LAST_SEEN: datetime.now(UTC).isoformat()})
    signed = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(RAW_CSRF)
    body = f"csrf_token={quote(signed)}&".encode() + body
    kind = "application/x-www-form-urlencoded"
    response = client.open(url, method=method, data=body if method == "POST" else None, content_type=kind)
    response.get_data()
    response.close()
    return response


def field_names(app, person, url: str, endpoint: str, world: World) -> list[str]:
    """The names a route's form asks for, read from its page, plus those of forms that only post."""
    names = set(POST_ONLY_FIELDS.get(endpoint, []))
    if endpoint in PROBES:
        names |= PROBES[endpoint].form(world).keys()
    page = send(app, person, "GET", url)
    if page.status_code == 200 and page.mimetype == "text/html":
        soup = BeautifulSoup(page.get_data(as_text=True), "html.parser")
        for form in soup.select("form[method=post], form[method=POST]"):
            names |= {field["name"] for field in form.select("[name]") if field["name"] != "csrf_token"}
    return sorted(names)


def ordered(rules: list[Rule]) -> list[Rule]:
    return sorted(
        rules,
        key=lambda rule: (rule.endpoint in LAST, LAST.index(rule.endpoint) if rule.endpoint in LAST else 0, rule.rule),
    )


def hostile_posts(app, rule: Rule, url: str, person: int | None, fields: list[str], failures: list[str]):
    """Return a property test of one form, which adds what it finds to failures."""

    @SETTINGS
    @given(pairs=form_posts(fields))
    def post(pairs):
        before = snapshot()
        response = send(app, person, "POST", url, body_of(pairs))
        if response.status_code >= 500:
            failures.append(f"POST {url} {pairs!r:.300}: {response.status_code}")
        elif response.status_code >= 400 or response.status_code == 200 and response.mimetype == "text/html":
            after = snapshot()
            allowed = MAY_WRITE_WHEN_REFUSED | WRITES_WHEN_REFUSED.get(rule.endpoint, set())
            changed = sorted(name for name in after if after[name] != before[name] and name not in allowed)
            if changed:
                failures.append(f"POST {url} {pairs!r:.300}: {response.status_code} yet changed {changed}")

    return post


def hostile_queries(app, url: str, person: int | None, failures: list[str]):
    """Return a property test of one page's query string, which adds what it finds to failures."""

    @settings(SETTINGS, max_examples=EXAMPLES_PER_QUERY)
    @given(pairs=QUERIES)
    def get(pairs):
        query = "&".join(f"{quote(name)}={encode(value)}" for name, value in pairs)
        response = send(app, person, "GET", f"{url}?{query}")
        if response.status_code >= 500:
            failures.append(f"GET {url}?{query:.300}: {response.status_code}")

    return get


def test_hostile_posts_to_every_form_never_give_500_or_store_half(app, world):
    failures: list[str] = []
    rules = ordered([rule for rule in app.url_map.iter_rules() if "POST" in rule.methods])
    assert len(rules) >= 30, "every form of the service"
    for rule in rules:
        url, person = route_of(rule, world)
        hostile_posts(app, rule, url, person, field_names(app, person, url, rule.endpoint, world), failures)()

    assert failures == [], "\n".join(failures)


def test_hostile_query_strings_on_every_page_never_give_500(app, world):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("query strings are read before the database; stored values are posted on both databases above")
    failures: list[str] = []
    for rule in ordered([rule for rule in app.url_map.iter_rules() if "GET" in rule.methods]):
        if rule.endpoint != "static":
            hostile_queries(app, *route_of(rule, world), failures)()

    assert failures == []
