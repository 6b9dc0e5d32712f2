"""Access to the trainer's routes."""

from quizapp.models import Role
from tests.access.rules import roles

ACCESS = {
    "review.home": roles(Role.TRAINER, Role.ADMIN),
}
