"""Two-factor sign-in: an authenticator app's codes, single-use recovery codes, and resetting them."""

import hashlib
import secrets
from datetime import datetime

import pyotp
import segno
from flask import current_app
from sqlalchemy import delete, select, update

from quizapp.extensions import db
from quizapp.models import RecoveryCode, Role, TwoFactor, User
from quizapp.people.audit import record_event

# Roles whose accounts see many people's reflections or run the partnership.
ROLES_NEEDING_TWO_FACTOR = frozenset({Role.TRAINER, Role.MANAGER, Role.ADMIN})
RECOVERY_CODES = 10
STEP_SECONDS = 30


def two_factor_of(user: User) -> TwoFactor | None:
    """Return the person's authenticator app record, confirmed or not."""
    return db.session.scalar(select(TwoFactor).where(TwoFactor.user_id == user.id))


def has_two_factor(user: User) -> bool:
    """Say whether the person has a confirmed authenticator app."""
    record = two_factor_of(user)
    return bool(record and record.confirmed_at)


def two_factor_required(user: User) -> bool:
    """Say whether this person must use two-factor sign-in (trainers, managers, admins, where configured)."""
    return bool(current_app.config["REQUIRE_TWO_FACTOR"] and user.roles & ROLES_NEEDING_TWO_FACTOR)


def new_secret() -> str:
    """Return a new authenticator secret; the caller keeps it (in the signed session) until a code confirms it."""
    return pyotp.random_base32()


def set_up_qr_code(user: User, secret: str) -> str:
    """Return the set-up QR code as an SVG data URI, drawn here so no other service ever sees the secret."""
    issuer = current_app.config["PARTNERSHIP_NAME"]
    uri = pyotp.TOTP(secret).provisioning_uri(name=user.email, issuer_name=issuer)
    return segno.make(uri, error="m").svg_data_uri(scale=5, dark="#0b0c0c")


def confirm_set_up(user: User, secret: str, code: str, now: datetime) -> list[str] | None:
    """Store the app's secret once a code from it is right; return new recovery codes, or None if not stored."""
    step = _matching_step(secret, code, now, after=-1)
    record = two_factor_of(user)
    if step is None or (record and record.confirmed_at):
        return None
    if record is None:
        record = TwoFactor(user_id=user.id)
        db.session.add(record)
    record.secret, record.last_step, record.confirmed_at = secret, step, now
    record_event("two_factor_set_up", user)
    return new_recovery_codes(user)


def new_recovery_codes(user: User) -> list[str]:
    """Replace the person's recovery codes; return the new ones, which are shown once and stored hashed."""
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    codes = [_format(secrets.token_hex(5)) for _ in range(RECOVERY_CODES)]
    db.session.add_all(RecoveryCode(user_id=user.id, code_hash=_hash(code)) for code in codes)
    return codes


def check_second_factor(user: User, code: str, now: datetime) -> bool:
    """Say whether this app code or unused recovery code proves the second factor; a recovery code is spent."""
    record = two_factor_of(user)
    if record is None or record.confirmed_at is None:
        return False
    if _accept_totp(record, code, now):
        return True
    return _spend_recovery_code(user, code, now)


def reset_two_factor(user: User, actor: User | None) -> None:
    """Remove the person's authenticator app and recovery codes, so they set it up again; audited."""
    db.session.execute(delete(TwoFactor).where(TwoFactor.user_id == user.id))
    db.session.execute(delete(RecoveryCode).where(RecoveryCode.user_id == user.id))
    record_event("two_factor_reset", actor, subject=user)


def _accept_totp(record: TwoFactor, code: str, now: datetime) -> bool:
    step = _matching_step(record.secret, code, now, after=record.last_step)
    if step is None:
        return False
    # A step once used is never accepted again, even by two requests at the same moment.
    claimed = db.session.execute(
        update(TwoFactor)
        .where(TwoFactor.id == record.id, TwoFactor.last_step < step)
        .values(last_step=step)
        .returning(TwoFactor.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    return claimed is not None


def _matching_step(secret: str, code: str, now: datetime, after: int) -> int | None:
    digits = "".join(code.split())
    if len(digits) != 6 or not digits.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP_SECONDS
    # One step either side allows for a phone's clock drifting.
    for step in (current - 1, current, current + 1):
        if step > after and secrets.compare_digest(totp.at(step * STEP_SECONDS), digits):
            return step
    return None


def _spend_recovery_code(user: User, code: str, now: datetime) -> bool:
    spent = db.session.execute(
        update(RecoveryCode)
        .where(
            RecoveryCode.user_id == user.id,
            RecoveryCode.code_hash == _hash(code),
            RecoveryCode.used_at.is_(None),
        )
        .values(used_at=now)
        .returning(RecoveryCode.id)
        .execution_options(synchronize_session=False)
    ).scalar_one_or_none()
    if spent is not None:
        record_event("recovery_code_used", user)
    return spent is not None


def _format(code: str) -> str:
    return f"{code[:5]}-{code[5:]}"


def _hash(code: str) -> str:
    # Recovery codes are 40 random bits each and spent on use, so a plain hash is enough.
    normalised = "".join(code.lower().split()).replace("-", "")
    return hashlib.sha256(normalised.encode()).hexdigest()
