"""Signing in and out: checking passwords, locking accounts after repeated failures, session tokens."""

from datetime import datetime
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
from quizapp.people.sign_in_pauses import PAUSE_AFTER, PAUSE_FOR, count_failure, forget_failures, paused_until
from quizapp.people.two_factor import check_second_factor

# One number and one duration for the account lock and the pause every address gets, so they agree.
MAX_FAILED_SIGN_INS = PAUSE_AFTER
LOCK_DURATION = PAUSE_FOR


@cache
def _dummy_hash(method: str) -> str:
    # Checked when no account matches, so a wrong e-mail takes as long as a wrong password.
    return generate_password_hash("not-a-real-password", method=method)


def _waste_a_check(password: str) -> None:
    check_password_hash(_dummy_hash(current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")), password)


def sign_in(email: str, password: str, now: datetime) -> User | None:
    """Return the active user these credentials belong to with a new session token, auditing either way."""
    user = check_password_step(email, password, now)
    if user is not None:
        complete_sign_in(user)
    return user


def check_password_step(email: str, password: str, now: datetime) -> User | None:
    """Return the active user these credentials belong to, without signing them in; audit a failure."""
    address = email.strip().lower()[:320]
    if paused_until(address):
        # Paused addresses are refused before any account is looked at, taking as long as a check would.
        _waste_a_check(password)
        record_event("sign_in_failed", None, email=address, paused=True)
        return None
    user = authenticate(email, password, now)
    if user is None:
        count_failure(address)
        record_event("sign_in_failed", None, email=address)
    return user


def sign_in_paused_until(email: str) -> datetime | None:
    """Return when sign-in with this address may be tried again, if repeated failures have paused it."""
    return paused_until(email.strip().lower()[:320])


def complete_sign_in(user: User) -> None:
    """Clear the failure count, give the person a new session token and audit the sign-in."""
    user.failed_sign_ins = 0
    user.locked_until = None
    forget_failures(user.email)
    rotate_session_token(user)
    record_event("sign_in", user)


def check_second_step(user: User, code: str, now: datetime) -> bool:
    """Say whether a second-factor code is right, counting wrong ones towards the same lock as passwords."""
    if not user.active or not claim_attempt(user, now):
        return False
    if check_second_factor(user, code, now):
        return True
    record_event("two_factor_failed", user)
    count_failure(user.email)
    if user.failed_sign_ins >= MAX_FAILED_SIGN_INS:
        lock_account(user, now)
    return False


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
    # A right password hands its attempt back but clears nothing, so wrong second-step codes still count.
    user.failed_sign_ins -= 1
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
        if not (user.locked_until and user.locked_until > now):
            lock_account(user, now)  # at the limit without a lock: close it rather than refuse for ever
        return False
    set_committed_value(user, "failed_sign_ins", count)
    return True


def lock_account(user: User, now: datetime) -> None:
    """Lock the account for a while after too many failed sign-ins."""
    user.locked_until = now + LOCK_DURATION
    user.failed_sign_ins = 0
    record_event("account_locked", None, user, until=user.locked_until.isoformat())


def rotate_session_token(user: User) -> None:
    """Give the user a new session token, ending every session that used the old one."""
    user.session_token = new_token()
