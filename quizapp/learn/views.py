"""The learner's journey: My learning, doing a module, and their own record."""

from flask import Blueprint, abort, render_template, request
from flask_login import current_user

from quizapp.learn.overview import all_themes, learning_overview
from quizapp.models import Role
from quizapp.models.types import utcnow
from quizapp.security import requires

bp = Blueprint("learn", __name__, template_folder="templates")


@bp.route("/my-learning")
@requires(Role.LEARNER)
def my_learning():
    theme = request.args.get("theme") or None
    themes = all_themes()
    if theme and theme not in {t.slug for t in themes}:
        abort(404)
    overview = learning_overview(current_user, utcnow().date(), theme)
    theme_items = [{"value": t.slug, "text": t.name, "selected": t.slug == theme} for t in themes]
    return render_template("learn/my_learning.html", title="My learning", overview=overview,
                           themes_items=theme_items, theme=theme)


@bp.route("/my-learning/record")
@requires(Role.LEARNER)
def my_record():
    return render_template("learn/my_record.html", title="My learning record")


@bp.route("/modules/<slug>")
@requires(Role.LEARNER)
def module_start(slug):
    abort(404)


@bp.route("/themes/<slug>")
@requires(Role.LEARNER)
def theme(slug):
    abort(404)
