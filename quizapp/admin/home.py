"""The administrator's home: a dashboard of the partnership with a way into each area."""

from flask import render_template
from sqlalchemy import func, select

from quizapp.admin import bp
from quizapp.extensions import db
from quizapp.models import Agency, Module, Role, User
from quizapp.security import requires


@bp.route("/")
@requires(Role.ADMIN)
def home():
    counts = {
        "people": db.session.scalar(select(func.count(User.id)).where(User.active.is_(True))),
        "agencies": db.session.scalar(select(func.count(Agency.id)).where(Agency.retired_at.is_(None))),
        "modules": db.session.scalar(select(func.count(Module.id)).where(Module.published.is_(True))),
    }
    return render_template("admin/home.html", title="Administration", counts=counts)
