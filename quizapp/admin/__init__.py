"""The administrator's blueprint: agencies, people, assignments, content and the audit log."""

from flask import Blueprint

from quizapp.models import Role
from quizapp.navigation import add_nav_item

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")

add_nav_item(Role.ADMIN, "admin.home", "Administration", home=True)

from quizapp.admin import views  # noqa: E402, F401  (adds the routes)
