"""Setting a password from an e-mailed link, and asking for a reset link when a password is forgotten."""

from flask import current_app, redirect, render_template, url_for
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length

from quizapp.auth.views import bp
from quizapp.extensions import db, limiter
from quizapp.mail import send_pending
from quizapp.models.types import utcnow
from quizapp.people import invitations
from quizapp.security import public


class SetPasswordForm(FlaskForm):
    password = PasswordField(
        "Create a password", widget=GovPasswordInput(), validators=[DataRequired("Enter a password")]
    )
    confirm = PasswordField(
        "Confirm your password",
        widget=GovPasswordInput(),
        validators=[
            DataRequired("Confirm your password"),
            EqualTo("password", "The passwords you entered do not match"),
        ],
    )
    submit = SubmitField("Set password", widget=GovSubmitInput())


class ForgotPasswordForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[DataRequired("Enter your email address"), Length(max=320, message="Enter a shorter email address")],
    )
    submit = SubmitField("Send me a link", widget=GovSubmitInput())


@bp.route("/set-password/<token>", methods=["GET", "POST"])
@limiter.limit("20 per minute", methods=["POST"])
@public
def set_password(token: str):
    link = invitations.usable_link(token, utcnow())
    if link is None:
        return render_template("auth/link_expired.html"), 404
    form = SetPasswordForm()
    if form.validate_on_submit():
        problem = invitations.set_password_from_link(link, form.password.data, utcnow())
        if problem is None:
            db.session.commit()
            return redirect(url_for("auth.password_set"))
        form.password.errors = [problem]
    return render_template("auth/set_password.html", form=form, user=link.user, purpose=link.purpose)


@bp.route("/password-set")
@public
def password_set():
    return render_template("auth/password_set.html")


@bp.route("/forgot-password", methods=["GET", "POST"])
@limiter.limit("5 per minute", methods=["POST"])
@public
def forgot_password():
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        message = invitations.request_reset(form.email.data, utcnow())
        db.session.commit()
        # The same page, as quickly, either way: the e-mail goes after the response, so neither the words nor
        # the time taken tell anyone whether an address has an account.
        response = redirect(url_for("auth.reset_link_sent"))
        if message is not None:
            response.call_on_close(_sender(message.id))
        return response
    return render_template("auth/forgot_password.html", form=form)


def _sender(message_id: int):
    app = current_app._get_current_object()  # type: ignore[attr-defined]

    def send() -> None:
        with app.app_context():
            send_pending(ids=[message_id])

    return send


@bp.route("/forgot-password/sent")
@public
def reset_link_sent():
    return render_template("auth/reset_link_sent.html")
