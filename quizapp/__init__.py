"""Reflective case-audit learning for safeguarding children partnerships."""

from flask import Flask

from quizapp import templating
from quizapp.config import load_config


class QuizApp(Flask):
    """Flask, deciding once per function whether it must be run as async."""

    def __init__(self, *args, **kwargs) -> None:
        self._sync: dict = {}
        super().__init__(*args, **kwargs)

    def ensure_sync(self, func):
        # Flask asks inspect.iscoroutinefunction of every hook and view on every request, about 20 times a page.
        # Functions are remembered by identity and equality, so bound methods of one object count once.
        known = self._sync.get(func)
        if known is None:
            known = super().ensure_sync(func)
            templating.keep(self._sync, func, known)
        return known


def create_app(overrides: dict | None = None) -> Flask:
    """Build the application: config, extensions, blueprints, errors, commands."""
    app = QuizApp(__name__, instance_relative_config=True)
    app.jinja_environment = templating.Environment
    app.config.from_mapping(load_config(app.instance_path, overrides))

    from quizapp import cli, database, errors, navigation, security, views
    from quizapp.extensions import csrf, db, limiter, login_manager, migrate

    database.init_app(app)
    db.init_app(app)
    database.begin_transactions(app)
    migrate.init_app(app, db, directory=app.config.get("MIGRATIONS_DIR", "migrations"))
    csrf.init_app(app)
    limiter.init_app(app)
    login_manager.init_app(app)
    security.init_app(app)
    templating.init_app(app)
    navigation.init_app(app)
    views.register_blueprints(app)
    errors.init_app(app)
    cli.init_app(app)
    return app
