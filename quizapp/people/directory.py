"""The directory of people: search, create, edit, roles and scope, deactivate, reactivate and unlock."""

import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from quizapp.extensions import db
from quizapp.models import Agency, Role, Team, User, found
from quizapp.models.people import email_key, find_user_by_email
from quizapp.people.audit import record_event
from quizapp.people.authentication import rotate_session_token
from quizapp.people.operations import set_manager_scope
from quizapp.people.sign_in_pauses import forget_failures

PAGE_SIZE = 25
# Something, an @, something with a dot: strict enough to catch typing slips, loose enough for every real address.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


@dataclass
class SearchPage:
    """One page of search results and where it sits in the whole."""

    people: list[User]
    total: int
    page: int
    pages: int


@dataclass
class Details:
    """What an admin may set on a person."""

    email: str
    name: str
    profession: str | None
    agency: Agency | None
    team: Team | None
    roles: set[str]
    scope: str | None = None
    scope_agency: Agency | None = None
    scope_team: Team | None = None


def search_people(text: str = "", agency_id: int | None = None, page: int = 1) -> SearchPage:
    """Return one page of people whose name or e-mail contains the text, optionally in one agency."""
    query = select(User)
    if text.strip():
        pattern = f"%{text.strip().lower()}%"
        query = query.where(or_(func.lower(User.name).like(pattern), func.lower(User.email).like(pattern)))
    if agency_id:
        query = query.where(User.agency_id == agency_id)
    total = db.session.scalar(select(func.count()).select_from(query.subquery())) or 0
    pages = max(1, -(-total // PAGE_SIZE))
    page = min(max(page, 1), pages)
    people = db.session.scalars(
        query.options(joinedload(User.agency), joinedload(User.team))
        .order_by(func.lower(User.name), User.id)
        .limit(PAGE_SIZE)
        .offset((page - 1) * PAGE_SIZE)
    )
    return SearchPage(list(people), total, page, pages)


def person(user_id: int) -> User:
    """Return one person with their agency and team; raise NotFound otherwise."""
    return found(
        db.session.scalar(
            select(User).where(User.id == user_id).options(joinedload(User.agency), joinedload(User.team))
        )
    )


def email_taken(email: str, other_than: User | None = None) -> bool:
    """Say whether another person already has this e-mail address."""
    user = find_user_by_email(email)
    return user is not None and user is not other_than


def create_person(details: Details, actor: User) -> User:
    """Create a person with no password yet; they set one from an invitation."""
    user = User(email=email_key(details.email), name=details.name)
    db.session.add(user)
    _apply(user, details, actor)
    db.session.flush()
    record_event("person_created", actor, user)
    return user


def edit_person(user: User, details: Details, actor: User) -> None:
    """Change a person's details, roles and manager scope, auditing role and scope changes."""
    _apply(user, details, actor)
    db.session.flush()
    record_event("person_edited", actor, user)


def _apply(user: User, details: Details, actor: User) -> None:
    user.email, user.name = email_key(details.email), details.name
    user.profession = details.profession or None
    user.agency, user.team = details.agency, details.team
    old_roles, old_scope = user.roles, _scope_of(user)
    user.set_roles(details.roles)
    if Role.MANAGER in details.roles and details.scope:
        set_manager_scope(user, details.scope, details.scope_agency, details.scope_team)
    else:
        set_manager_scope(user, None)
    db.session.flush()
    if user.roles != old_roles:
        record_event("roles_changed", actor, user, before=sorted(old_roles), after=sorted(user.roles))
    if _scope_of(user) != old_scope:
        record_event("scope_changed", actor, user, before=list(old_scope), after=list(_scope_of(user)))


def _scope_of(user: User) -> tuple:
    return (user.manager_scope, user.scope_agency_id, user.scope_team_id)


def deactivate(user: User, actor: User) -> None:
    """Stop a person signing in, ending their sessions; every record of theirs stays."""
    if user.active:
        user.active = False
        rotate_session_token(user)
        record_event("person_deactivated", actor, user)


def reactivate(user: User, actor: User) -> None:
    """Let a deactivated person sign in again."""
    if not user.active:
        user.active = True
        record_event("person_reactivated", actor, user)


def is_locked(user: User, now: datetime) -> bool:
    """Say whether repeated failed sign-ins have locked this account now."""
    return user.locked_until is not None and user.locked_until > now


def unlock(user: User, actor: User) -> None:
    """Clear a lock from failed sign-ins so the person can try again at once."""
    user.locked_until, user.failed_sign_ins = None, 0
    forget_failures(user.email)
    record_event("account_unlocked", actor, user)
