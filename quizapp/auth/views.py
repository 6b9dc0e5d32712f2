"""Signing in and out."""

import math
from datetime import datetime

from flask import Blueprint, redirect, render_template, request, session, url_for
from flask_login import current_user, logout_user

from quizapp.auth.forms import SignInForm
from quizapp.extensions import db, limiter
from quizapp.models.types import utcnow
from quizapp.navigation import home_url
from quizapp.people import authentication
from quizapp.security import note_activity, public, requires, safe_next_url

bp = Blueprint("auth", __name__, template_folder="templates")

SIGN_IN_ERROR = "Enter a correct email address and password"


@bp.route("/sign-in", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@public
def sign_in():
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    form = SignInForm()
    if form.validate_on_submit():
        user = authentication.check_password_step(form.email.data, form.password.data, utcnow())
        if user:
            return after_password(user, safe_next_url(request.args.get("next")))
        db.session.commit()
        paused = authentication.sign_in_paused_until(form.email.data)
        form.email.errors.append(paused_message(paused, utcnow()) if paused else SIGN_IN_ERROR)
    return render_template("auth/sign_in.html", form=form)


def paused_message(until: datetime, now: datetime) -> str:
    """Say that sign-in is paused and for how long, in words that do not say why it failed."""
    minutes = max(1, math.ceil((until - now).total_seconds() / 60))
    wait = "1 minute" if minutes == 1 else f"{minutes} minutes"
    return f"Sign-in is paused after too many attempts with this email address. Try again in {wait}"


@bp.route("/sign-out", methods=["POST"])
@requires()
def sign_out():
    authentication.sign_out(current_user)
    db.session.commit()
    logout_user()
    session.clear()
    return redirect(url_for("auth.signed_out"))


@bp.route("/signed-out")
@public
def signed_out():
    return render_template("auth/signed_out.html")


@bp.route("/session/keep-alive", methods=["POST"])
@requires()
def keep_alive():
    # The timeout warning counts the full timeout again from now, so the session must too.
    note_activity(utcnow(), renew=True)
    return "", 204


from quizapp.auth import accounts  # noqa: E402, F401  (adds the password pages)
from quizapp.auth.two_factor import after_password  # noqa: E402
