"""The vocabulary of the access table: who may use a route, and how to call it."""

from dataclasses import dataclass, field

from quizapp.models import Role

PUBLIC = "public"
SIGNED_IN = "signed in"
ALL_ROLES = (Role.LEARNER, Role.TRAINER, Role.MANAGER, Role.ADMIN)


@dataclass(frozen=True)
class Access:
    """Who may use one endpoint: PUBLIC, SIGNED_IN or a set of roles; the URL arguments and method to try."""

    allowed: str | frozenset
    args: dict = field(default_factory=dict)
    method: str = "GET"


def roles(*allowed: Role, args=None, method="GET") -> Access:
    """Return an entry open to holders of any of these roles."""
    return Access(frozenset(allowed), args or {}, method)


def public(args=None, method="GET") -> Access:
    return Access(PUBLIC, args or {}, method)


def signed_in(args=None, method="GET") -> Access:
    return Access(SIGNED_IN, args or {}, method)
