"""Signing in and out: checking passwords, locking accounts after repeated failures, session tokens."""

from datetime import datetime, timedelta

from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.models import User
from quizapp.models.people import find_user_by_email
from quizapp.models.types import new_token
from quizapp.people.audit import record_event

MAX_FAILED_SIGN_INS = 5
LOCK_DURATION = timedelta(minutes=15)
# Checked when no account matches, so a wrong e-mail takes as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password")


def sign_in(email: str, password: str, now: datetime) -> User | None:
    """Return the active user these credentials belong to with a new session token, auditing either way."""
    user = authenticate(email, password, now)
    if user is None:
        record_event("sign_in_failed", None, email=email.strip().lower()[:320])
        return None
    rotate_session_token(user)
    record_event("sign_in", user)
    return user


def sign_out(user: User) -> None:
    """End every session of this person and audit it."""
    rotate_session_token(user)
    record_event("sign_out", user)


def authenticate(email: str, password: str, now: datetime) -> User | None:
    """Return the active user these credentials belong to, counting failures towards a lock."""
    user = find_user_by_email(email)
    if user is None or not user.active or not user.password_hash:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if user.locked_until and user.locked_until > now:
        check_password_hash(_DUMMY_HASH, password)
        return None
    if not user.check_password(password):
        user.failed_sign_ins += 1
        if user.failed_sign_ins >= MAX_FAILED_SIGN_INS:
            user.locked_until = now + LOCK_DURATION
            user.failed_sign_ins = 0
            record_event("account_locked", None, user, until=user.locked_until.isoformat())
        return None
    user.failed_sign_ins = 0
    user.locked_until = None
    return user


def rotate_session_token(user: User) -> None:
    """Give the user a new session token, ending every session that used the old one."""
    user.session_token = new_token()
