"""Registers every blueprint and the site-wide routes."""

from flask import Blueprint, Flask, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from quizapp.extensions import db
from quizapp.security import public

site = Blueprint("site", __name__)


@site.route("/")
@public
def index():
    return redirect(url_for("learn.my_learning" if current_user.is_authenticated else "auth.sign_in"))


@site.route("/healthz")
@public
def healthz():
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return {"status": "unavailable", "database": "unreachable"}, 503
    return {"status": "ok", "database": "ok"}, 200


@site.route("/accessibility")
@public
def accessibility():
    return render_template("site/accessibility.html", title="Accessibility statement")


@site.route("/privacy")
@public
def privacy():
    return render_template("site/privacy.html", title="Privacy: who sees what you write")


def register_blueprints(app: Flask) -> None:
    """Attach the site routes and one blueprint per kind of user."""
    from quizapp.auth.views import bp as auth_bp
    from quizapp.learn import autosave, record_views  # noqa: F401  (routes on the learn blueprint)
    from quizapp.learn.views import bp as learn_bp

    app.register_blueprint(site)
    app.register_blueprint(auth_bp)
    app.register_blueprint(learn_bp)
