"""The second step of signing in: a code from an authenticator app, set up at first sign-in where required."""

from datetime import datetime, timedelta

from flask import redirect, render_template, session, url_for
from flask_login import current_user
from sqlalchemy import select

from quizapp.auth.forms import CodeForm
from quizapp.auth.views import bp
from quizapp.extensions import db, limiter
from quizapp.models import User
from quizapp.models.types import utcnow
from quizapp.navigation import home_url
from quizapp.people import authentication
from quizapp.people.two_factor import (
    confirm_set_up,
    has_two_factor,
    new_secret,
    set_up_qr_code,
    two_factor_required,
)
from quizapp.security import public, requires, start_session

PENDING = "pending_sign_in"
# The secret shown while setting up an app: kept in the signed session, stored only once a code confirms it.
SETTING_UP = "two_factor_secret"
# Time allowed between the right password and the second step.
PENDING_FOR = timedelta(minutes=10)
WRONG_CODE = "Enter a correct code from your authenticator app, or an unused recovery code"


def after_password(user: User, next_url: str | None):
    """Sign in a person whose password was right, or hold them for their second step."""
    if has_two_factor(user) or two_factor_required(user):
        db.session.commit()
        session.clear()
        session[PENDING] = {"token": user.session_token, "at": utcnow().isoformat(), "next": next_url}
        return redirect(url_for("auth.two_factor" if has_two_factor(user) else "auth.set_up_two_factor"))
    return redirect(finish_sign_in(user, next_url))


def finish_sign_in(user: User, next_url: str | None) -> str:
    """Complete signing in on a new session; return where the person goes next."""
    authentication.complete_sign_in(user)
    db.session.commit()
    start_session(user)
    return next_url or home_url(user)


def pending_user(now: datetime) -> User | None:
    """Return the person whose password was right a moment ago and who has a second step to take."""
    pending = session.get(PENDING)
    if not pending or now - datetime.fromisoformat(pending["at"]) > PENDING_FOR:
        return None
    return db.session.scalar(select(User).where(User.session_token == pending["token"], User.active.is_(True)))


@bp.route("/sign-in/code", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@public  # the person is between their password and their code, so not yet signed in
def two_factor():
    if current_user.is_authenticated:
        return redirect(home_url(current_user))
    user = pending_user(utcnow())
    if user is None or not has_two_factor(user):
        return redirect(url_for("auth.sign_in"))
    form = CodeForm()
    if form.validate_on_submit():
        if authentication.check_second_step(user, form.code.data, utcnow()):
            return redirect(finish_sign_in(user, session[PENDING]["next"]))
        db.session.commit()
        form.code.errors.append(WRONG_CODE)
    return render_template("auth/two_factor.html", title="Enter your code", form=form)


@bp.route("/two-factor/set-up", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@public  # reached between password and first code; otherwise it needs a signed-in person
def set_up_two_factor():
    now = utcnow()
    user = current_user._get_current_object() if current_user.is_authenticated else pending_user(now)
    if user is None:
        return redirect(url_for("auth.sign_in"))
    if has_two_factor(user):
        return redirect(url_for("auth.two_factor_settings" if current_user.is_authenticated else "auth.two_factor"))
    secret = secret_being_set_up(user)
    form = CodeForm()
    if form.validate_on_submit():
        codes = confirm_set_up(user, secret, form.code.data, now)
        if codes:
            session.pop(SETTING_UP, None)
            signing_in = not current_user.is_authenticated
            next_url = finish_sign_in(user, session[PENDING]["next"]) if signing_in else None
            db.session.commit()
            return render_template(
                "auth/recovery_codes.html", title="Your recovery codes", codes=codes, next_url=next_url
            )
        form.code.errors.append(WRONG_CODE)
    return render_template(
        "auth/set_up_two_factor.html",
        title="Set up two-factor sign-in",
        form=form,
        qr_code=set_up_qr_code(user, secret),
        secret=secret,
        required=two_factor_required(user),
    )


def secret_being_set_up(user: User) -> str:
    """Return the secret this person is setting up, made on their first visit and kept in their session."""
    kept = session.get(SETTING_UP)
    if not kept or kept.get("user") != user.id:
        kept = session[SETTING_UP] = {"user": user.id, "secret": new_secret()}
    return kept["secret"]


@bp.route("/account/two-factor")
@requires()
def two_factor_settings():
    return render_template(
        "auth/two_factor_settings.html",
        title="Two-factor sign-in",
        set_up=has_two_factor(current_user),
        required=two_factor_required(current_user),
    )
