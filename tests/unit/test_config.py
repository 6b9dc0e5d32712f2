"""Configuration from the environment."""

import pytest

from quizapp import create_app
from quizapp.config import ConfigError


def test_production_without_secret_key_refuses_to_start(monkeypatch):
    monkeypatch.setenv("QUIZAPP_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)

    with pytest.raises(ConfigError, match="SECRET_KEY must be set"):
        create_app()


def test_production_with_secret_key_uses_it_and_secure_cookies(monkeypatch):
    monkeypatch.setenv("QUIZAPP_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "s" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://u@127.0.0.1/x")
    monkeypatch.setenv("RATELIMIT_STORAGE_URI", "redis://127.0.0.1:6379/0")
    monkeypatch.setenv("PUBLIC_URL", "https://learning.example.org")

    app = create_app()

    assert app.config["SECRET_KEY"] == "s" * 40
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@127.0.0.1/x"


def test_idle_timeout_must_be_a_number(monkeypatch):
    monkeypatch.setenv("SESSION_IDLE_TIMEOUT_MINUTES", "soon")

    with pytest.raises(ConfigError, match="SESSION_IDLE_TIMEOUT_MINUTES must be a whole number"):
        create_app()


def test_default_database_is_sqlite_in_instance(monkeypatch):
    monkeypatch.delenv("DATABASE_URL", raising=False)

    app = create_app()

    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("instance/quizapp.sqlite")


def test_behind_a_trusted_proxy_the_forwarded_address_and_scheme_are_used(monkeypatch):
    monkeypatch.setenv("TRUSTED_PROXIES", "1")
    app = create_app({"SERVER_NAME": None})

    @app.route("/where")
    def where():
        from flask import request, url_for

        return {"ip": request.remote_addr, "url": url_for("where", _external=True)}

    response = app.test_client().get(
        "/where",
        headers={
            "X-Forwarded-For": "203.0.113.7",
            "X-Forwarded-Proto": "https",
            "X-Forwarded-Host": "learning.example.org",
        },
    )

    assert response.json == {"ip": "203.0.113.7", "url": "https://learning.example.org/where"}


def test_an_unknown_sqlite_synchronous_mode_refuses_to_start(monkeypatch):
    monkeypatch.setenv("SQLITE_SYNCHRONOUS", "OFF")

    with pytest.raises(ConfigError, match="SQLITE_SYNCHRONOUS must be one of FULL, NORMAL"):
        create_app()


@pytest.mark.parametrize(("setting", "pragma"), [(None, 2), ("normal", 1), ("FULL", 2)])
def test_sqlite_commits_wait_for_the_disk_unless_told_otherwise(monkeypatch, tmp_path, setting, pragma):
    from sqlalchemy import text

    from quizapp.extensions import db

    if setting is None:
        monkeypatch.delenv("SQLITE_SYNCHRONOUS", raising=False)
    else:
        monkeypatch.setenv("SQLITE_SYNCHRONOUS", setting)
    app = create_app({"SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.sqlite'}"})

    with app.app_context():
        assert db.session.execute(text("PRAGMA synchronous")).scalar() == pragma
        db.engine.dispose()


def test_pooled_connections_are_pinged_on_postgresql_only():
    from quizapp import create_app
    from quizapp.extensions import db

    sqlite = create_app({"SECRET_KEY": "s" * 40, "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    postgresql = create_app({"SECRET_KEY": "s" * 40, "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://u@127.0.0.1:1/x"})

    with sqlite.app_context():
        assert db.engine.pool._pre_ping is False
    with postgresql.app_context():
        assert db.engine.pool._pre_ping is True
    assert postgresql.config["SQLALCHEMY_ENGINE_OPTIONS"]["hide_parameters"] is True
    assert sqlite.config["SQLALCHEMY_ENGINE_OPTIONS"]["hide_parameters"] is True
