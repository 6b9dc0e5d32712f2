"""The app's limiter skips its every-request check only while no limit reaches every request."""

from flask import Flask
from flask_limiter.util import get_remote_address

from quizapp.extensions import Limiter, limiter


def tiny_app(own_limiter: Limiter) -> Flask:
    app = Flask(__name__)
    own_limiter.init_app(app)

    @app.route("/open")
    def open_page():
        return "ok"

    @app.route("/limited")
    @own_limiter.limit("2 per minute")
    def limited_page():
        return "ok"

    return app


def statuses(app: Flask, path: str, times: int) -> list[int]:
    client = app.test_client()
    return [client.get(path).status_code for _ in range(times)]


def test_the_app_sets_no_limit_that_reaches_every_request():
    assert not limiter.limits_every_request()


def test_a_views_own_limit_is_still_checked():
    app = tiny_app(Limiter(key_func=get_remote_address, storage_uri="memory://"))

    assert statuses(app, "/limited", 3) == [200, 200, 429]
    assert statuses(app, "/open", 5) == [200] * 5


def test_a_default_limit_still_reaches_every_view():
    own = Limiter(key_func=get_remote_address, default_limits=["2 per minute"], storage_uri="memory://")
    app = tiny_app(own)

    assert own.limits_every_request()
    assert statuses(app, "/open", 3) == [200, 200, 429]


def test_an_application_limit_still_reaches_every_view():
    own = Limiter(key_func=get_remote_address, application_limits=["2 per minute"], storage_uri="memory://")
    app = tiny_app(own)

    assert statuses(app, "/open", 3) == [200, 200, 429]
