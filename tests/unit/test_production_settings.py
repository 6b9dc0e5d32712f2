"""Settings outside local development and tests refuse to start unsafe."""

import pytest

from quizapp import create_app
from quizapp.config import DEV_SECRET, ConfigError

SAFE = {
    "SECRET_KEY": "k" * 32,
    "DATABASE_URL": "postgresql+psycopg://u@127.0.0.1/x",
    "RATELIMIT_STORAGE_URI": "redis://127.0.0.1:6379/0",
    "PUBLIC_URL": "https://learning.example.org/",
}


@pytest.fixture
def environment(monkeypatch):
    """Set QUIZAPP_ENV and the safe production variables, less or plus any named."""

    def setup(env, **changes):
        monkeypatch.setenv("QUIZAPP_ENV", env)
        for name, value in {**SAFE, **changes}.items():
            if value is None:
                monkeypatch.delenv(name, raising=False)
            else:
                monkeypatch.setenv(name, value)

    return setup


@pytest.mark.parametrize("secret", [None, DEV_SECRET, "s" * 31, "é" * 15])
@pytest.mark.parametrize("env", ["production", "staging"])
def test_a_missing_default_or_short_secret_key_refuses_to_start(environment, env, secret):
    environment(env, SECRET_KEY=secret)

    with pytest.raises(ConfigError, match="SECRET_KEY must be set to a random value of at least 32 bytes"):
        create_app()


def test_production_refuses_an_in_memory_rate_limit_store(environment):
    environment("production", RATELIMIT_STORAGE_URI="memory://")

    with pytest.raises(ConfigError, match="RATELIMIT_STORAGE_URI must be a shared store"):
        create_app()


@pytest.mark.parametrize("public_url", [None, "http://learning.example.org"])
def test_production_needs_its_https_public_address(environment, public_url):
    environment("production", PUBLIC_URL=public_url)

    with pytest.raises(ConfigError, match="PUBLIC_URL must be set"):
        create_app()


@pytest.mark.parametrize("env", ["production", "staging", "preview"])
def test_cookies_are_secure_everywhere_but_development_and_tests(environment, env):
    environment(env)

    app = create_app()

    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["REMEMBER_COOKIE_SECURE"] is True


@pytest.mark.parametrize("env", ["development", "testing"])
def test_local_settings_start_without_a_secret_and_with_plain_cookies(environment, env):
    environment(env, SECRET_KEY=None)

    app = create_app()

    assert app.config["SESSION_COOKIE_SECURE"] is False


def test_production_sends_hsts_and_staging_does_not(environment):
    environment("production")
    production = create_app().test_client().get("/healthz", base_url="https://learning.example.org")
    environment("staging")
    staging = create_app().test_client().get("/healthz", base_url="https://learning.example.org")

    assert production.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    assert "Strict-Transport-Security" not in staging.headers
