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
    storage = _storage()
    key = _key("pause", email)
    if not storage.get(key):
        return None
    return datetime.fromtimestamp(storage.get_expiry(key), UTC)


def count_failure(email: str) -> datetime | None:
    """Count a failed sign-in with this address; return when sign-in resumes if it is now paused."""
    storage = _storage()
    failures = storage.incr(_key("failures", email), int(COUNT_FOR.total_seconds()))
    if failures >= PAUSE_AFTER:
        storage.clear(_key("failures", email))
        storage.incr(_key("pause", email), int(PAUSE_FOR.total_seconds()))
    return paused_until(email)


def forget_failures(email: str) -> None:
    """Clear the count and any pause for an address, after a sign-in, an unlock or a new password."""
    storage = _storage()
    storage.clear(_key("failures", email))
    storage.clear(_key("pause", email))


def _key(kind: str, email: str) -> str:
    # Keyed by a keyed hash, so the shared store holds no email addresses.
    address = email.strip().lower().encode()
    digest = hmac.new(current_app.config["SECRET_KEY"].encode(), address, hashlib.sha256).hexdigest()
    return f"sign-in-{kind}/{digest}"


def _storage() -> Storage:
    # The rate limiter's store (Redis in production), shared by every worker and server.
    with _storage_lock:
        if "sign_in_pauses" not in current_app.extensions:
            uri = current_app.config.get("RATELIMIT_STORAGE_URI", "memory://")
            current_app.extensions["sign_in_pauses"] = storage_from_string(uri)
        return current_app.extensions["sign_in_pauses"]
