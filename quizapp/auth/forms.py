"""Sign-in form."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovPasswordInput, GovSubmitInput, GovTextInput
from wtforms import EmailField, PasswordField, StringField, SubmitField
from wtforms.validators import DataRequired, Length


class SignInForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[DataRequired("Enter your email address"), Length(max=320, message="Enter a shorter email address")],
    )
    password = PasswordField(
        "Password",
        widget=GovPasswordInput(),
        validators=[DataRequired("Enter your password"), Length(max=200, message="Enter a shorter password")],
    )
    submit = SubmitField("Sign in", widget=GovSubmitInput())


class CodeForm(FlaskForm):
    code = StringField(
        "Code",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter the 6-digit code from your authenticator app, or a recovery code"),
            Length(max=40, message="Enter a code of 6 digits, or a recovery code"),
        ],
    )
    submit = SubmitField("Continue", widget=GovSubmitInput())
