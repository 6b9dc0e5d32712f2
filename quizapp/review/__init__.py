"""The trainer's blueprint: reviewing submitted reflections and giving feedback."""

from flask import Blueprint

from quizapp.models import Role
from quizapp.navigation import add_nav_item

bp = Blueprint("review", __name__, url_prefix="/review", template_folder="templates")

add_nav_item(Role.TRAINER, "review.home", "Review", home=True)

from quizapp.review import views  # noqa: E402, F401  (adds the routes)
