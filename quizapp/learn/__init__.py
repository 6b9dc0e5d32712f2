"""The learner's blueprint: My learning, working through a module, and the learner's own record."""

from flask import Blueprint

from quizapp.models import Role
from quizapp.navigation import add_nav_item

bp = Blueprint("learn", __name__, template_folder="templates")

add_nav_item(
    Role.LEARNER,
    "learn.my_learning",
    "My learning",
    home=True,
    also_current=("learn.module_start", "learn.page", "learn.check_answers", "learn.confirmation", "learn.theme"),
)
add_nav_item(Role.LEARNER, "learn.my_record", "My learning record")

import quizapp.learn.my_answers  # noqa: E402, F401  (reading one's own answers and feedback)
from quizapp.learn import autosave, learning_record, views  # noqa: E402, F401  (each module adds its routes)
