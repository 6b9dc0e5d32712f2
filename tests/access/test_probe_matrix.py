"""Every route that takes an object id, probed by GET and POST by five people who may not use it: 0 succeed."""

from datetime import UTC, datetime

import pytest
from flask import Flask
from itsdangerous import URLSafeTimedSerializer
from werkzeug.routing import IntegerConverter, Rule

from quizapp.extensions import db
from quizapp.security import LAST_SEEN
from tests.access.probe_world import CANARY, PROBERS, PROBES, build_world, snapshot
from tests.access.test_access_table import TABLE

RAW_CSRF = "probe-session-csrf-value"
# Run after every other legitimate request, as each changes what the next would see.
LAST = ("admin.person_action", "admin.retire", "admin.erase_person")


@pytest.fixture
def world(app, create_user, loaded_modules):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("access rules do not depend on the database")
    app.config["WTF_CSRF_ENABLED"] = True
    return build_world(create_user, loaded_modules)


def id_rules(app: Flask) -> list[Rule]:
    """Every rule with a whole-number argument, that is, an object id."""
    return sorted(
        (
            rule
            for rule in app.url_map.iter_rules()
            if any(isinstance(converter, IntegerConverter) for converter in rule._converters.values())
        ),
        key=lambda rule: (rule.endpoint.startswith(LAST), LAST.index(rule.endpoint) if rule.endpoint in LAST else 0),
    )


def url_of(rule: Rule, args: dict) -> str:
    built = rule.build({name: value for name, value in args.items() if name in rule.arguments})
    assert built is not None, f"{rule.rule} cannot be built from {args}"
    return built[1]


def send(app: Flask, person, method: str, url: str, form: dict):
    """Request as a signed-in person; a POST carries a valid CSRF token, so only access rules can refuse it."""
    client = app.test_client()
    with client.session_transaction() as session:
        session.update({"_user_id": person.session_token, "_fresh": True, "csrf_token": RAW_CSRF})
        session[LAST_SEEN] = datetime.now(UTC).isoformat()
    token = URLSafeTimedSerializer(app.secret_key, salt="wtf-csrf-token").dumps(RAW_CSRF)
    data = {**form, "csrf_token": token} if method == "POST" else None
    response = client.open(url, method=method, data=data)
    response.get_data()
    response.close()
    return response


def expected_refusal(rule: Rule, method: str, person) -> int:
    """405 for a method the route lacks, 403 for a role it refuses whatever the id, otherwise 404: never found."""
    if method not in rule.methods:
        return 405
    return 404 if person.roles & TABLE[rule.endpoint].allowed else 403


def test_every_route_with_an_id_has_a_probe(app):
    endpoints = {rule.endpoint for rule in id_rules(app)}

    assert sorted(endpoints - PROBES.keys()) == [], "add these id routes to PROBES in tests/access/probe_world.py"
    assert sorted(PROBES.keys() - endpoints) == [], "these PROBES name no id route"


def test_no_probe_of_someone_elses_object_succeeds_or_changes_anything(app, world):
    failures, probes = [], 0
    for rule in id_rules(app):
        probe = PROBES[rule.endpoint]
        url, form = url_of(rule, probe.args(world)), probe.form(world)
        for name in (prober for prober in PROBERS if prober not in probe.allowed):
            person = world.people[name]
            for method in ("GET", "POST"):
                before = snapshot()
                response = send(app, person, method, url, form)
                probes += 1
                if response.status_code != (expected := expected_refusal(rule, method, person)):
                    failures.append(f"{method} {url} as {name}: {response.status_code}, expected {expected}")
                if CANARY.encode() in response.get_data():
                    failures.append(f"{method} {url} as {name}: shows the owner's answer")
                if snapshot() != before:
                    failures.append(f"{method} {url} as {name}: changed the database")

    assert failures == []
    assert probes >= len(PROBES) * 2 * 4


def test_managers_in_scope_never_see_answer_text(app, world):
    for endpoint in ("reports.person", "reports.certificate"):
        rule = next(rule for rule in id_rules(app) if rule.endpoint == endpoint)
        response = send(app, world.manager_in, "GET", url_of(rule, PROBES[endpoint].args(world)), {})

        assert response.status_code == 200
        assert CANARY.encode() not in response.get_data()


def test_a_manager_cannot_reach_a_certificate_through_someone_in_their_own_scope(app, world):
    rule = next(rule for rule in id_rules(app) if rule.endpoint == "reports.certificate")
    url = url_of(rule, {"user_id": world.foreign_learner.id, "completion_id": world.completion.id})

    assert send(app, world.manager_out, "GET", url, {}).status_code == 404


def test_each_probed_object_is_real_to_the_person_it_belongs_to(app, world):
    """Without this, a probe answered 404 because the object did not exist would prove nothing."""
    refused = []
    for rule in id_rules(app):
        probe = PROBES[rule.endpoint]
        method = "GET" if "GET" in rule.methods else "POST"
        response = send(app, world.people[probe.owner], method, url_of(rule, probe.args(world)), probe.form(world))
        sent_to_sign_in = "/sign-in" in response.headers.get("Location", "")
        if response.status_code >= 400 or sent_to_sign_in:
            refused.append(f"{method} {rule.rule} as {probe.owner}: {response.status_code}")

    assert refused == []
