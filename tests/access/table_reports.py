"""Access to the manager's routes."""

from quizapp.models import Role
from tests.access.rules import roles

ACCESS = {
    "reports.home": roles(Role.MANAGER),
}
