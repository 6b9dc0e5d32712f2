"""The administrator's home."""

from flask import render_template

from quizapp.admin import bp
from quizapp.models import Role
from quizapp.security import requires


@bp.route("/")
@requires(Role.ADMIN)
def home():
    return render_template("admin/home.html", title="Administration")
