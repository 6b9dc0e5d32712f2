"""The manager's blueprint: completion reports, downloads, people's training records and assignments."""

from flask import Blueprint

from quizapp.models import Role
from quizapp.navigation import add_nav_item

bp = Blueprint("reports", __name__, url_prefix="/reports", template_folder="templates")

ASSIGNMENT_PAGES = ("reports.new_assignment", "reports.change_assignment_page", "reports.withdraw_assignment_page")
add_nav_item(Role.MANAGER, "reports.home", "Reports", home=True, also_current=("reports.person",))
add_nav_item(Role.MANAGER, "reports.assignments", "Assignments", also_current=ASSIGNMENT_PAGES)
add_nav_item(Role.ADMIN, "reports.assignments", "Assignments", also_current=ASSIGNMENT_PAGES)

from quizapp.reports import assignments, completion_report, downloads, people  # noqa: E402, F401  (each adds routes)
