"""Forms for finding, adding and editing people, with GOV.UK error wording."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCheckboxesInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
    GovTextInput,
)
from wtforms import EmailField, RadioField, SelectField, SelectMultipleField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional, Regexp, ValidationError

from quizapp.models import Role, Scope
from quizapp.people.directory import EMAIL_PATTERN


def choices(pairs) -> list[SelectChoice]:
    """Return (value, label) pairs as WTForms choices."""
    return [SelectChoice(value, label) for value, label in pairs]


ROLE_PAIRS = [
    (Role.LEARNER.value, "Learner"),
    (Role.TRAINER.value, "Trainer"),
    (Role.MANAGER.value, "Manager"),
    (Role.ADMIN.value, "Administrator"),
]
SCOPE_PAIRS = [
    (Scope.TEAM.value, "Their team"),
    (Scope.AGENCY.value, "Their agency"),
    (Scope.PARTNERSHIP.value, "The whole partnership"),
]


class SearchForm(FlaskForm):
    class Meta:
        csrf = False

    q = StringField("Name or email address", widget=GovTextInput(), validators=[Optional(), Length(max=200)])
    agency = SelectField("Agency", widget=GovSelect(), coerce=int, validators=[Optional()], validate_choice=False)


class PersonForm(FlaskForm):
    email = EmailField(
        "Email address",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter an email address"),
            Length(max=320, message="Email address must be 320 characters or fewer"),
            Regexp(EMAIL_PATTERN, message="Enter an email address in the correct format, like name@example.org"),
        ],
    )
    name = StringField(
        "Full name",
        widget=GovTextInput(),
        validators=[
            DataRequired("Enter the person’s name"),
            Length(max=200, message="Name must be 200 characters or fewer"),
        ],
    )
    profession = StringField(
        "Profession (optional)",
        widget=GovTextInput(),
        validators=[Optional(), Length(max=100, message="Profession must be 100 characters or fewer")],
    )
    team = SelectField(
        "Agency and team",
        widget=GovSelect(),
        validate_choice=False,
        validators=[DataRequired("Select an agency and team")],
    )
    roles = SelectMultipleField(
        "Roles",
        widget=GovCheckboxesInput(),
        choices=choices(ROLE_PAIRS),
        validate_choice=False,
        validators=[DataRequired("Select at least one role")],
    )
    scope = RadioField(
        "What does this manager see?",
        widget=GovRadioInput(),
        choices=choices(SCOPE_PAIRS),
        validate_choice=False,
    )
    scope_target = SelectField(
        "Which agency or team? (optional)", widget=GovSelect(), validate_choice=False, validators=[Optional()]
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def validate_scope_target(self, field):
        if not field.data:
            return
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError("Select an agency or team from the list")
        if Role.MANAGER not in (self.roles.data or []):
            return
        if self.scope.data == "team" and not field.data.startswith("team:"):
            raise ValidationError("Select a team for a manager who sees one team")
        if self.scope.data == "agency" and not field.data.startswith("agency:"):
            raise ValidationError("Select an agency for a manager who sees one agency")

    def validate_scope(self, field):
        if Role.MANAGER in (self.roles.data or []) and field.data not in {value for value, _ in SCOPE_PAIRS}:
            raise ValidationError("Select what this manager sees")

    def validate_roles(self, field):
        if any(role not in set(Role) for role in field.data or []):
            raise ValidationError("Select roles from the list")

    def validate_team(self, field):
        if field.data not in {choice.value for choice in field.choices}:
            raise ValidationError("Select an agency and team from the list")


class ActionForm(FlaskForm):
    """A button that changes something: only its CSRF token matters."""

    submit = SubmitField("Confirm", widget=GovSubmitInput())
