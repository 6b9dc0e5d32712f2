"""Rate limits are counted in one shared store, so every worker and server sees the same count."""

from tests.conftest import csrf_token, make_app


def post_sign_ins(app, count):
    client = app.test_client()
    with app.app_context():
        token = csrf_token(client.get("/sign-in"))
        return [
            client.post("/sign-in", data={"email": "a@example.org", "password": "x", "csrf_token": token}).status_code
            for _ in range(count)
        ]


def test_two_app_instances_share_one_count_in_redis(_schema, redis_url):
    import redis

    redis.Redis.from_url(redis_url).flushdb()
    first = make_app(_schema, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=redis_url)
    first_answers = post_sign_ins(first, 12)
    # A second instance starts with its own storage connection, as a second worker would.
    second = make_app(_schema, RATELIMIT_ENABLED=True, RATELIMIT_STORAGE_URI=redis_url)
    second_answers = post_sign_ins(second, 9)

    assert first_answers == [200] * 12
    assert second_answers == [200] * 8 + [429]
