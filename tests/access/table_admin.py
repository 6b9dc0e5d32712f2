"""Access to the administrator's routes."""

from quizapp.models import Role
from tests.access.rules import roles

ACCESS = {
    "admin.home": roles(Role.ADMIN),
}
