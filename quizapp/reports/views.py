"""The manager's home."""

from flask import render_template

from quizapp.models import Role
from quizapp.reports import bp
from quizapp.security import requires


@bp.route("/")
@requires(Role.MANAGER)
def home():
    return render_template("reports/home.html", title="Completion reports")
