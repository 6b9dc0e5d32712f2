"""Where each person lands after signing in, and the navigation they see: decided here, not in templates."""

from dataclasses import dataclass

from flask import Flask, request, url_for
from flask_login import current_user

from quizapp.models import Role
from quizapp.templating import remembered

# A person with several roles lands on the home of the first of theirs in this order.
MAIN_ROLE_ORDER = (Role.ADMIN, Role.TRAINER, Role.MANAGER, Role.LEARNER)


@dataclass(frozen=True)
class NavItem:
    """One link in the service navigation, shown to holders of one role."""

    role: Role
    endpoint: str
    label: str
    home: bool = False
    # Other endpoints under which this item shows as the current one.
    also_current: tuple[str, ...] = ()


_items: list[NavItem] = []
# Worked-out links by roles, page and the app's path prefix.
_links: dict[tuple, list[dict]] = {}


def add_nav_item(role: Role, endpoint: str, label: str, home: bool = False, also_current=()) -> None:
    """Add a link for a role; each blueprint registers its own, once, when it is imported."""
    item = NavItem(role, endpoint, label, home, tuple(also_current))
    if item not in _items:
        _items.append(item)
        _links.clear()


def home_endpoint(user) -> str:
    """Return the endpoint of the home page of this person's main role."""
    for role in MAIN_ROLE_ORDER:
        if user.has_role(role):
            home = next((item for item in _items if item.role == role and item.home), None)
            if home:
                return home.endpoint
    return "site.no_role"


def home_url(user) -> str:
    """Return the URL of this person's home page."""
    return url_for(home_endpoint(user))


def navigation(user, endpoint: str | None) -> list[dict]:
    """Return the links this person sees, grouped by role in main-role order, marking the current page."""
    links = []
    for role in MAIN_ROLE_ORDER:
        if user.has_role(role):
            for item in (i for i in _items if i.role == role):
                current = endpoint == item.endpoint or endpoint in item.also_current
                links.append({"href": url_for(item.endpoint), "label": item.label, "current": current})
    return links


def init_app(app: Flask) -> None:
    """Give every template the signed-in person's navigation."""

    @app.context_processor
    def _navigation() -> dict:
        if not current_user.is_authenticated:
            return {"navigation_items": []}
        # The links depend only on the person's roles and the page, so each set is worked out once per process.
        key = (frozenset(current_user.roles), request.endpoint, request.script_root)
        return {"navigation_items": remembered(_links, key, lambda: navigation(current_user, request.endpoint))}
