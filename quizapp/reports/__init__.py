"""The manager's blueprint: assignments and completion reports within the manager's scope."""

from flask import Blueprint

from quizapp.models import Role
from quizapp.navigation import add_nav_item

bp = Blueprint("reports", __name__, url_prefix="/reports", template_folder="templates")

add_nav_item(Role.MANAGER, "reports.home", "Reports", home=True)

from quizapp.reports import views  # noqa: E402, F401  (adds the routes)
