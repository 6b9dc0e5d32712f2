"""Forms for agencies and teams."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovRadioInput, GovSelect, GovSubmitInput, GovTextInput
from wtforms import RadioField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, Length

from quizapp.admin.people_forms import choices
from quizapp.models import AgencyKind

NAME_RULES = [Length(max=200, message="The name must be 200 characters or fewer")]


class AgencyForm(FlaskForm):
    name = StringField(
        "Agency name", widget=GovTextInput(), validators=[DataRequired("Enter the agency’s name"), *NAME_RULES]
    )
    kind = RadioField(
        "Kind of agency",
        widget=GovRadioInput(),
        choices=choices([(kind.value, kind.value.capitalize()) for kind in AgencyKind]),
        validators=[DataRequired("Select the kind of agency")],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class TeamForm(FlaskForm):
    name = StringField(
        "Team name", widget=GovTextInput(), validators=[DataRequired("Enter the team’s name"), *NAME_RULES]
    )
    submit = SubmitField("Save", widget=GovSubmitInput())


class MergeForm(FlaskForm):
    into = SelectField("Merge into", widget=GovSelect(), coerce=int, validate_choice=False)
    submit = SubmitField("Merge", widget=GovSubmitInput())

    def valid_target(self) -> bool:
        """Say whether the chosen target is one of those offered, adding the error if not."""
        if self.into.data in {choice.value for choice in self.into.choices if choice.value}:
            return True
        self.into.errors = ["Select where to merge it"]
        return False
