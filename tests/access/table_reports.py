"""Access to the manager's routes."""

from quizapp.models import Role
from tests.access.rules import roles

ASSIGNMENT = {"assignment_id": 1}

ACCESS = {
    "reports.home": roles(Role.MANAGER),
    "reports.download": roles(Role.MANAGER, args={"fmt": "csv"}),
    "reports.person": roles(Role.MANAGER, args={"user_id": 1}),
    "reports.certificate": roles(Role.MANAGER, args={"user_id": 1, "completion_id": 1}),
    "reports.assignments": roles(Role.MANAGER, Role.ADMIN),
    "reports.new_assignment": roles(Role.MANAGER, Role.ADMIN, method="POST"),
    "reports.change_assignment_page": roles(Role.MANAGER, Role.ADMIN, args=ASSIGNMENT, method="POST"),
    "reports.withdraw_assignment_page": roles(Role.MANAGER, Role.ADMIN, args=ASSIGNMENT, method="POST"),
}
