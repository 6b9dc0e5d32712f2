"""Where each person lands after signing in, and the navigation they see: decided here, not in templates."""

from dataclasses import dataclass

from flask import Flask, g, request, url_for
from flask_login import current_user

from quizapp.models import Role

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


def add_nav_item(role: Role, endpoint: str, label: str, home: bool = False, also_current=()) -> None:
    """Add a link for a role; each blueprint registers its own, once, when it is imported."""
    item = NavItem(role, endpoint, label, home, tuple(also_current))
    if item not in _items:
        _items.append(item)


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
        # Form widgets render templates of their own; work the links out once per request.
        if "navigation_items" not in g:
            g.navigation_items = navigation(current_user, request.endpoint)
        return {"navigation_items": g.navigation_items}
