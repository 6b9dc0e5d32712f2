"""Pausing sign-in for an email address after repeated failures, kept alike for every address typed."""

import hashlib
import hmac
import threading
from datetime import UTC, datetime, timedelta

from flask import current_app
from limits.storage import Storage, storage_from_string

# The same numbers as the account lock, so what a person is told matches what the database enforces.
PAUSE_AFTER = 5
PAUSE_FOR = timedelta(minutes=15)
# Failures are counted for a day from the first; the account's own count is what locks it.
COUNT_FOR = timedelta(days=1)

_storage_lock = threading.Lock()


def paused_until(email: str) -> datetime | None:
    """Return when sign-in with this address may be tried again, if it is paused now."""
    key = _key("pause", email)
    if not _store("get", key):
        return None
    return datetime.fromtimestamp(_store("get_expiry", key), UTC)


def count_failure(email: str) -> datetime | None:
    """Count a failed sign-in with this address; return when sign-in resumes if it is now paused."""
    failures = _store("incr", _key("failures", email), int(COUNT_FOR.total_seconds()))
    if failures >= PAUSE_AFTER:
        _store("clear", _key("failures", email))
        _store("incr", _key("pause", email), int(PAUSE_FOR.total_seconds()))
    return paused_until(email)


def forget_failures(email: str) -> None:
    """Clear the count and any pause for an address, after a sign-in, an unlock or a new password."""
    _store("clear", _key("failures", email))
    _store("clear", _key("pause", email))


def _key(kind: str, email: str) -> str:
    # Keyed by a keyed hash, so the shared store holds no email addresses.
    address = email.strip().lower().encode()
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), address, hashlib.sha256).hexdigest()
    return f"sign-in-{kind}/{digest}"


def _store(operation: str, *args):
    shared = _storage("sign_in_pauses", current_app.config.get("RATELIMIT_STORAGE_URI", "memory://"))
    try:
        return getattr(shared, operation)(*args)
    except shared.base_exceptions:
        # As with the rate limiter: while the shared store is unreachable, each worker counts on its own.
        current_app.logger.warning("sign-in pauses counted in this worker: the shared store is unreachable")
        return getattr(_storage("sign_in_pauses_fallback", "memory://"), operation)(*args)


def _storage(name: str, uri: str) -> Storage:
    # The rate limiter's store (Redis in production), shared by every worker and server.
    with _storage_lock:
        if name not in current_app.extensions:
            current_app.extensions[name] = storage_from_string(uri)
        return current_app.extensions[name]
