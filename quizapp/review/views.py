"""The trainer's home."""

from flask import render_template

from quizapp.models import Role
from quizapp.review import bp
from quizapp.security import requires


@bp.route("/")
@requires(Role.TRAINER, Role.ADMIN)
def home():
    return render_template("review/home.html", title="Review reflections")
