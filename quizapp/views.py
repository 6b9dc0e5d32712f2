"""Registers every blueprint and the site-wide routes."""

from importlib import import_module

from flask import Blueprint, Flask, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from quizapp.extensions import db
from quizapp.navigation import home_endpoint
from quizapp.security import public, requires

# One blueprint per kind of user; a new kind of user is a new package and one line here.
BLUEPRINTS = [
    "quizapp.auth.views",
    "quizapp.learn",
    "quizapp.review",
    "quizapp.reports",
    "quizapp.admin",
]

site = Blueprint("site", __name__)


@site.route("/")
@public
def index():
    if not current_user.is_authenticated:
        return redirect(url_for("auth.sign_in"))
    return redirect(url_for(home_endpoint(current_user)))


@site.route("/no-role")
@requires()
def no_role():
    return render_template("site/no_role.html", title="Your account has no role yet")


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
    app.register_blueprint(site)
    for module_name in BLUEPRINTS:
        app.register_blueprint(import_module(module_name).bp)
