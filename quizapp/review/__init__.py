"""The trainer's blueprint: the review queue, feedback, answers side by side, exports and what was learned."""

from flask import Blueprint

from quizapp.models import Role
from quizapp.navigation import add_nav_item

bp = Blueprint("review", __name__, url_prefix="/review", template_folder="templates")

add_nav_item(
    Role.TRAINER,
    "review.home",
    "Review",
    home=True,
    also_current=("review.submission", "review.feedback", "review.return_attempt", "review.comments"),
)
add_nav_item(Role.TRAINER, "review.questions", "Questions", also_current=("review.question", "review.export"))
add_nav_item(Role.TRAINER, "review.insights", "What we learned")

from quizapp.review import comments, exports, insights, questions, queue, submission  # noqa: E402, F401
