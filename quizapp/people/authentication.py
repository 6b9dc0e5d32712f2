"""Signing in and out: checking passwords, locking accounts after repeated failures, session tokens."""

from datetime import datetime, timedelta
from functools import cache

from flask import current_app
from sqlalchemy import or_, update
from sqlalchemy.orm.attributes import set_committed_value
from werkzeug.security import check_password_hash, generate_password_hash

from quizapp.extensions import db
from quizapp.models import User
from quizapp.models.people import find_user_by_email
from quizapp.models.types import new_token
from quizapp.people.audit import record_event

MAX_FAILED_SIGN_INS = 5
LOCK_DURATION = timedelta(minutes=15)


@cache
def _dummy_hash(method: str) -> str:
    # Checked when no account matches, so a wrong e-mail takes as long as a wrong password.
    return generate_password_hash("not-a-real-password", method=method)


def _waste_a_check(password: str) -> None:
    check_password_hash(_dummy_hash(current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")), password)


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
    if user is None or not user.active or not user.password_hash or not claim_attempt(user, now):
        _waste_a_check(password)
        return None
    if not user.check_password(password):
        if user.failed_sign_ins >= MAX_FAILED_SIGN_INS:
            lock_account(user, now)
        return None
    user.failed_sign_ins = 0
    user.locked_until = None
    return user


def claim_attempt(user: User, now: datetime) -> bool:
    """Count one sign-in attempt in a single UPDATE, so concurrent guesses cannot outrun the lock."""
    # The UPDATE's row lock is held until commit: concurrent attempts queue behind it and see its count.
    count = db.session.execute(
        update(User)
        .where(
            User.id == user.id,
            User.failed_sign_ins < MAX_FAILED_SIGN_INS,
            or_(User.locked_until.is_(None), User.locked_until <= now),
        )
        .values(failed_sign_ins=User.failed_sign_ins + 1)
        .returning(User.failed_sign_ins)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if count is None:
        return False
    set_committed_value(user, "failed_sign_ins", count)
    return True


def lock_account(user: User, now: datetime) -> None:
    """Lock the account for a while after too many failed sign-ins."""
    user.locked_until = now + LOCK_DURATION
    user.failed_sign_ins = 0


def rotate_session_token(user: User) -> None:
    """Give the user a new session token, ending every session that used the old one."""
    user.session_token = new_token()
