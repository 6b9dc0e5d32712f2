"""The administrator's blueprint: organisation, people, imports, content, the audit log and data rights."""

from flask import Blueprint

from quizapp.models import Role
from quizapp.navigation import add_nav_item

bp = Blueprint("admin", __name__, url_prefix="/admin", template_folder="templates")

add_nav_item(Role.ADMIN, "admin.home", "Administration", home=True)
add_nav_item(
    Role.ADMIN,
    "admin.people",
    "People",
    also_current=(
        "admin.person",
        "admin.new_person",
        "admin.edit_person",
        "admin.import_people",
        "admin.import_preview",
    ),
)
add_nav_item(Role.ADMIN, "admin.organisation", "Organisation", also_current=("admin.agency", "admin.team"))
add_nav_item(Role.ADMIN, "admin.content", "Content", also_current=("admin.preview", "admin.check_content"))
add_nav_item(Role.ADMIN, "admin.audit_log", "Audit log")

from quizapp.admin import audit, content, data_rights, home, imports, organisation, people  # noqa: E402, F401
