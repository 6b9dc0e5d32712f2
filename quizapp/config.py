"""Configuration read from environment variables, with safe defaults for local use."""

import os
from datetime import timedelta
from pathlib import Path

DEV_SECRET = "dev-only-secret-key-not-for-production"
LOCAL_ENVS = ("development", "testing")
MIN_SECRET_BYTES = 32


class ConfigError(RuntimeError):
    """Raised at start-up when the environment cannot produce a safe configuration."""


def _env_minutes(name: str, default: int) -> timedelta:
    return timedelta(minutes=_env_int(name, default))


def _env_int(name: str, default: int) -> int:
    raw = os.environ.get(name, str(default))
    try:
        return int(raw)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from exc


SQLITE_SYNCHRONOUS_MODES = ("FULL", "NORMAL")


def load_config(instance_path: str, overrides: dict | None = None) -> dict:
    """Build the app's settings from the environment, then apply any test overrides."""
    overrides = overrides or {}
    env = os.environ.get("QUIZAPP_ENV", "development")
    secret = os.environ.get("SECRET_KEY")
    local = env in LOCAL_ENVS
    sqlite_path = Path(instance_path) / "quizapp.sqlite"
    config = {
        "ENV_NAME": env,
        "SECRET_KEY": secret or DEV_SECRET,
        "SQLALCHEMY_DATABASE_URI": os.environ.get("DATABASE_URL", f"sqlite:///{sqlite_path}"),
        # hide_parameters keeps answers and other personal data out of logged database errors.
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True, "hide_parameters": True},
        # SQLite only. FULL: every commit reaches the disk before it is answered, even across a power cut, except
        # autosaved drafts, flushed within a twentieth of a second after (see database.write_together). NORMAL (with
        # WAL): SQLite flushes only at its checkpoints, so a power cut or OS crash, but never an app restart, may
        # undo the last few seconds of commits. See benchmarks/README.md.
        "SQLITE_SYNCHRONOUS": os.environ.get("SQLITE_SYNCHRONOUS", "FULL").upper(),
        "PARTNERSHIP_NAME": os.environ.get("PARTNERSHIP_NAME", "City & Hackney Safeguarding Children Partnership"),
        "CONTENT_DIR": os.environ.get("CONTENT_DIR", str(Path(__file__).resolve().parent.parent / "content")),
        "SESSION_IDLE_TIMEOUT": _env_minutes("SESSION_IDLE_TIMEOUT_MINUTES", 60),
        "SESSION_WARNING_BEFORE": timedelta(minutes=2),
        # Trainers, managers and admins must use an authenticator app; off locally so the demo accounts work.
        "REQUIRE_TWO_FACTOR": os.environ.get("REQUIRE_TWO_FACTOR", "1" if env == "production" else "0") == "1",
        # However active, a session ends this long after signing in.
        "SESSION_LIFETIME": timedelta(hours=_env_int("SESSION_LIFETIME_HOURS", 12)),
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": not local,
        "REMEMBER_COOKIE_SECURE": not local,
        # Sent only in production, where the service is always behind HTTPS.
        "HSTS": env == "production",
        # The address people use, for links that leave the site (certificates); never the request's Host.
        "PUBLIC_URL": os.environ.get("PUBLIC_URL", "").rstrip("/"),
        "REMEMBER_COOKIE_DURATION": timedelta(seconds=0),
        "WTF_CSRF_TIME_LIMIT": None,
        "MAX_CONTENT_LENGTH": 1024 * 1024,
        "RATELIMIT_STORAGE_URI": os.environ.get("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_HEADERS_ENABLED": True,
        # While Redis is unreachable each worker counts on its own rather than failing every request.
        "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
        # How many reverse proxies set X-Forwarded-* in front of the app; 0 trusts none.
        "TRUSTED_PROXIES": _env_int("TRUSTED_PROXIES", 0),
        # E-mail over SMTP; with no MAIL_SERVER (local development) messages are written to the log instead.
        "MAIL_SERVER": os.environ.get("MAIL_SERVER", ""),
        "MAIL_PORT": _env_int("MAIL_PORT", 25),
        "MAIL_USERNAME": os.environ.get("MAIL_USERNAME", ""),
        "MAIL_PASSWORD": os.environ.get("MAIL_PASSWORD", ""),
        "MAIL_USE_TLS": os.environ.get("MAIL_USE_TLS", "") == "1",
        "MAIL_USE_SSL": os.environ.get("MAIL_USE_SSL", "") == "1",
        "MAIL_FROM": os.environ.get("MAIL_FROM", "learning@safeguarding-partnership.example"),
        "MAIL_TIMEOUT": _env_int("MAIL_TIMEOUT_SECONDS", 10),
        # Answers older than this lose their words when `flask retention apply` runs.
        "RETENTION_YEARS": _env_int("RETENTION_YEARS", 6),
    }
    config.update(overrides)
    if config["SQLITE_SYNCHRONOUS"] not in SQLITE_SYNCHRONOUS_MODES:
        raise ConfigError(f"SQLITE_SYNCHRONOUS must be one of {', '.join(SQLITE_SYNCHRONOUS_MODES)}")
    if not local:
        _refuse_unsafe(config)
    return config


def _refuse_unsafe(config: dict) -> None:
    secret = config["SECRET_KEY"] or ""
    if secret == DEV_SECRET or len(secret.encode()) < MIN_SECRET_BYTES:
        raise ConfigError(
            f"SECRET_KEY must be set to a random value of at least {MIN_SECRET_BYTES} bytes "
            "when QUIZAPP_ENV is not 'development' or 'testing'"
        )
    if config["ENV_NAME"] == "production":
        if config["RATELIMIT_STORAGE_URI"].startswith("memory://"):
            raise ConfigError(
                "RATELIMIT_STORAGE_URI must be a shared store such as redis://... in production: "
                "with memory:// each worker counts on its own"
            )
        if not config["PUBLIC_URL"].startswith("https://"):
            raise ConfigError("PUBLIC_URL must be set to the service's https:// address in production")
