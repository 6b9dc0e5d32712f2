"""The app decides once per function whether to run it as async, and still refuses an async one as Flask does."""

import pytest

from quizapp import create_app


@pytest.fixture
def app():
    return create_app({"TESTING": True, "SQLALCHEMY_DATABASE_URI": "sqlite://", "SECRET_KEY": "x" * 40})


def test_a_plain_function_is_run_as_it_is_and_remembered(app):
    def view():
        return "ok"

    assert app.ensure_sync(view) is view
    assert app._sync[view] is view


def test_an_async_function_is_still_handed_to_flask(app):
    async def view():
        return "ok"

    # Without Flask's async extra (asgiref), Flask refuses it with this error; the app must not run it as plain.
    with pytest.raises(RuntimeError, match="async"):
        app.ensure_sync(view)
    with pytest.raises(RuntimeError, match="async"):
        app.ensure_sync(view)


def test_bound_methods_of_one_object_count_once(app):
    class Hooks:
        def before(self):
            return None

    hooks = Hooks()
    app.ensure_sync(hooks.before)
    remembered = len(app._sync)
    app.ensure_sync(hooks.before)

    assert len(app._sync) == remembered
