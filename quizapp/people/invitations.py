"""Invitations and password resets: e-mailed single-use links that expire; only a hash of each token is stored."""

import hashlib
import secrets
from datetime import datetime, timedelta

from flask import url_for
from sqlalchemy import select, update

from quizapp.extensions import db
from quizapp.mail import queue_mail
from quizapp.models import AccountLink, LinkPurpose, OutboxMessage, User
from quizapp.models.people import find_user_by_email
from quizapp.people.audit import record_event
from quizapp.people.authentication import rotate_session_token
from quizapp.people.passwords import password_problem
from quizapp.people.sign_in_pauses import forget_failures

INVITATION_SUBJECT = "Set up your safeguarding learning account"
LIFETIMES = {LinkPurpose.INVITATION: timedelta(hours=72), LinkPurpose.RESET: timedelta(hours=1)}


def token_hash(token: str) -> str:
    """Return the stored form of a link's token."""
    return hashlib.sha256(token.encode()).hexdigest()


def new_link(user: User, purpose: LinkPurpose, now: datetime) -> str:
    """Store a new link for this person, ending any earlier unused one of the same purpose; return its token."""
    return _new_links([user], purpose, now)[0]


def _new_links(users: list[User], purpose: LinkPurpose, now: datetime) -> list[str]:
    ids = [user.id for user in users]
    for start in range(0, len(ids), 500):
        db.session.execute(
            update(AccountLink)
            .where(
                AccountLink.user_id.in_(ids[start : start + 500]),
                AccountLink.purpose == purpose.value,
                AccountLink.used_at.is_(None),
            )
            .values(used_at=now)
            .execution_options(synchronize_session=False)
        )
    tokens = [secrets.token_urlsafe(32) for _ in users]
    db.session.add_all(
        AccountLink(
            user_id=user.id,
            purpose=purpose.value,
            token_hash=token_hash(token),
            created_at=now,
            expires_at=now + LIFETIMES[purpose],
        )
        for user, token in zip(users, tokens, strict=True)
    )
    return tokens


def invite(user: User, actor: User | None, now: datetime) -> OutboxMessage | None:
    """Queue an invitation e-mail with a link to set a password, valid for 72 hours."""
    return next(iter(invite_all([user], actor, now)), None)


def invite_all(users: list[User], actor: User | None, now: datetime) -> list[OutboxMessage]:
    """Invite each of these people with a link of their own; return the queued messages."""
    db.session.flush()
    tokens = _new_links(users, LinkPurpose.INVITATION, now)
    for user in users:
        record_event("invitation_sent", actor, user)
    # One flush writes every link and event together, so each message below flushes only itself.
    db.session.flush()
    messages = []
    for user, token in zip(users, tokens, strict=True):
        link = url_for("auth.set_password", token=token, _external=True)
        message = queue_mail(user.email, INVITATION_SUBJECT, _invitation_body(user, link), user=user)
        if message is not None:
            messages.append(message)
    return messages


def request_reset(email: str, now: datetime) -> OutboxMessage | None:
    """Queue a reset link if an active account has this address; say nothing either way to the caller's visitor."""
    user = find_user_by_email(email)
    if user is None or not user.active:
        record_event("password_reset_requested", None, email_known=False)
        return None
    token = new_link(user, LinkPurpose.RESET, now)
    link = url_for("auth.set_password", token=token, _external=True)
    record_event("password_reset_requested", None, user)
    return queue_mail(user.email, "Reset your password", _reset_body(user, link), user=user)


def usable_link(token: str, now: datetime) -> AccountLink | None:
    """Return the unused, unexpired link this token opens, for an active person; None otherwise."""
    link = db.session.scalar(select(AccountLink).where(AccountLink.token_hash == token_hash(token)))
    if link is None or link.used_at is not None or link.expires_at <= now or not link.user.active:
        return None
    return link


def set_password_from_link(link: AccountLink, password: str, now: datetime) -> str | None:
    """Set the person's password and use up the link; return the policy's problem instead if there is one."""
    problem = password_problem(password, link.user.email)
    if problem:
        return problem
    # Only the request that flips used_at from empty wins, so a link works once even if opened twice at once.
    claimed = db.session.execute(
        update(AccountLink).where(AccountLink.id == link.id, AccountLink.used_at.is_(None)).values(used_at=now)
    ).rowcount  # type: ignore[attr-defined]
    if not claimed:
        return "This link has already been used"
    user = link.user
    user.set_password(password)
    user.failed_sign_ins, user.locked_until = 0, None
    forget_failures(user.email)
    rotate_session_token(user)
    record_event("password_set", user, user, purpose=link.purpose)
    return None


def _invitation_body(user: User, link: str) -> str:
    return (
        f"Dear {user.name},\n\n"
        "You have been given an account for the partnership's safeguarding case-audit learning.\n\n"
        f"Set your password using this link (it works once and expires in 72 hours):\n\n{link}\n\n"
        "If the link has expired, ask your partnership's learning and development team for a new one.\n"
    )


def _reset_body(user: User, link: str) -> str:
    return (
        f"Dear {user.name},\n\n"
        "Someone asked to reset the password for your safeguarding learning account.\n\n"
        f"Choose a new password using this link (it works once and expires in 1 hour):\n\n{link}\n\n"
        "If you did not ask for this, you can ignore this e-mail: your password has not changed.\n"
    )
