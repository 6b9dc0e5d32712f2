"""Two gunicorn servers, several workers each, one PostgreSQL and one Redis: state holds across them all."""

import re

import pytest
import redis
from sqlalchemy import create_engine, text

from tests.conftest import PASSWORD
from tests.servers import WebClient, fresh_postgres_database, gunicorn, page_token, prepare_database, server_environment

pytestmark = pytest.mark.postgres_only
MODULE = "case-1-early-help-self-referral"


@pytest.fixture(scope="module")
def servers(postgres_url, redis_url):
    """Two servers of three workers each on one fresh database and one Redis; yield (a, b, database_url)."""
    with fresh_postgres_database(postgres_url, "quizapp_two_servers") as database_url:
        env = server_environment(database_url, redis_url)
        prepare_database(env, PASSWORD)
        with gunicorn(env, workers=3) as a, gunicorn(env, workers=3) as b:
            yield a, b, database_url


@pytest.fixture
def fresh_limits(redis_url):
    redis.Redis.from_url(redis_url).flushdb()


def test_a_session_begun_on_one_server_works_on_the_other_and_ends_on_both(servers, fresh_limits):
    a, b, _ = servers
    browser = WebClient()
    assert browser.sign_in(a, "learner@example.org", PASSWORD).status == 302

    assert [browser.get(server + "/my-learning").status for server in (a, b, a, b)] == [200] * 4
    stolen = list(browser.cookies)
    browser.post(b + "/sign-out", {"csrf_token": browser.token(b, "/my-learning")})
    replay = WebClient()
    for cookie in stolen:
        replay.cookies.set_cookie(cookie)

    assert [replay.get(server + "/my-learning").status for server in (a, b, a, b)] == [302] * 4


def test_wrong_passwords_spread_across_both_servers_lock_the_account(servers, fresh_limits):
    a, b, _ = servers
    attacker = WebClient()
    for number in range(5):
        attacker.sign_in((a, b)[number % 2], "trainer@example.org", f"wrong guess {number}")

    for server in (a, b):
        reply = WebClient().sign_in(server, "trainer@example.org", PASSWORD)
        assert reply.status == 200 and "Sign-in is paused" in reply.text


def test_the_sign_in_rate_limit_counts_across_both_servers(servers, fresh_limits):
    a, b, _ = servers
    browser = WebClient()
    tokens = {server: browser.token(server) for server in (a, b)}

    statuses = [
        browser.post(
            server + "/sign-in", {"email": "nobody@example.org", "password": "x", "csrf_token": tokens[server]}
        ).status
        for server in [a, b] * 10 + [a]
    ]

    assert statuses == [200] * 20 + [429]


def test_answers_saved_alternately_through_both_servers_are_all_there(servers, fresh_limits):
    a, b, database_url = servers
    browser = WebClient()
    assert browser.sign_in(b, "manager@example.org", PASSWORD).status == 302
    token = browser.token(a, f"/modules/{MODULE}")
    start = browser.post(a + f"/modules/{MODULE}/start", {"csrf_token": token, "role": "social-care"})
    attempt_id = int(re.search(r"/attempts/(\d+)/", start.headers["Location"]).group(1))
    engine = create_engine(database_url)
    with engine.connect() as connection:
        keys = (
            connection.execute(
                text(
                    "SELECT q.key FROM questions q JOIN attempts a ON a.version_id = q.version_id "
                    "WHERE a.id = :id AND q.kind IN ('reflection', 'action_plan') ORDER BY q.id"
                ),
                {"id": attempt_id},
            )
            .scalars()
            .all()
        )
    token = page_token(browser.get(b + start.headers["Location"].removeprefix(a).removeprefix(b)).text)
    expected = {}
    for round_number in range(3):
        for index, key in enumerate(keys):
            server = (a, b)[(index + round_number) % 2]
            expected[key] = f"Round {round_number} answer to {key}, sent through {server}."
            reply = browser.post(
                server + f"/attempts/{attempt_id}/autosave",
                {"csrf_token": token, "question": f"answer-{key}", "value": expected[key]},
                headers={"X-Requested-With": "fetch"},
            )
            assert reply.status == 200 and reply.json()["saved"] is True, reply.text

    with engine.connect() as connection:
        saved = dict(
            connection.execute(
                text(
                    "SELECT q.key, ans.text FROM answers ans JOIN questions q ON q.id = ans.question_id "
                    "WHERE ans.attempt_id = :id"
                ),
                {"id": attempt_id},
            ).all()
        )
    engine.dispose()
    assert len(keys) >= 2
    assert {key: saved.get(key) for key in keys} == expected
