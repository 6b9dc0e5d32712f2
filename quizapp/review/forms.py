"""The trainer's forms, with GOV.UK error wording."""

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovCheckboxInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
    GovSubmitInput,
)
from wtforms import (
    BooleanField,
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    SelectMultipleField,
    SubmitField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError

MAX_COMMENT = 5_000


def choices(pairs) -> list[SelectChoice]:
    """Return WTForms choices from (value, label) pairs."""
    return [SelectChoice(str(value), label) for value, label in pairs]


def strip(value: str | None) -> str | None:
    """Trim spaces at either end, so an answer of only spaces counts as empty."""
    return value.strip() if isinstance(value, str) else value


class FilterForm(FlaskForm):
    """A form read from the query string: filters change nothing, so they carry no CSRF token."""

    class Meta:
        csrf = False


class DayField(DateField):
    """A GOV.UK day, month and year, with a message that says what is wrong."""

    def __init__(self, label, **kwargs):
        super().__init__(label, format="%d %m %Y", widget=GovDateInput(), validators=[Optional()], **kwargs)

    def process_formdata(self, valuelist):
        # The widget shows exactly a day, a month and a year; a tampered query string has other counts.
        self.raw_data = (list(valuelist) + ["", "", ""])[:3] if valuelist else None
        valuelist = self.raw_data or []
        if any(part.strip() for part in valuelist):
            try:
                super().process_formdata([" ".join(part.strip() for part in valuelist)])
            except ValueError:
                self.data = None
                raise ValueError(f"{self.label.text} must be a real date, for example 27 3 2026") from None


class ChoiceSelect(SelectField):
    """A select whose choices come from the data; an unknown value is an error, not a crash."""

    def __init__(self, label, message: str, **kwargs):
        super().__init__(label, widget=GovSelect(), choices=choices([("", "All")]), validate_choice=False, **kwargs)
        self.message = message

    def pre_validate(self, form):
        if self.data and self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(self.message)


class ChoiceRadios(RadioField):
    """Radios that answer a tampered value with the field's own GOV.UK message."""

    def __init__(self, label, message: str, **kwargs):
        super().__init__(label, widget=GovRadioInput(), validators=[InputRequired(message)], **kwargs)
        self.message = message

    def pre_validate(self, form):
        if self.data not in {choice.value for choice in self.choices}:
            raise ValidationError(self.message)


class WhoFilters(FilterForm):
    """Filters on who wrote an answer and when."""

    agency = ChoiceSelect("Agency", "Select an agency from the list")
    profession = ChoiceSelect("Profession", "Select a profession from the list")
    submitted_from = DayField("Submitted on or after")
    submitted_to = DayField("Submitted on or before")
    page = IntegerField(validators=[Optional(), NumberRange(min=1)])

    def validate_submitted_to(self, field):
        if field.data and self.submitted_from.data and field.data < self.submitted_from.data:
            raise ValidationError("Submitted on or before must be the same as or after submitted on or after")


class QueueForm(WhoFilters):
    status = HiddenField()
    module = ChoiceSelect("Module", "Select a module from the list")
    theme = ChoiceSelect("Theme", "Select a theme from the list")


class FeedbackForm(FlaskForm):
    text = TextAreaField(
        "Feedback",
        widget=GovCharacterCount(),
        filters=[strip],
        validators=[
            DataRequired("Enter your feedback"),
            Length(max=MAX_COMMENT, message=f"Feedback must be {MAX_COMMENT:,} characters or fewer"),
        ],
    )
    revision = HiddenField()
    comment = ChoiceSelect("Insert a comment from your library", "Select a comment from your library")
    insert = SubmitField("Insert comment", widget=GovSubmitInput())
    keep = BooleanField("Also keep this feedback as a comment in my library", widget=GovCheckboxInput())
    save = SubmitField("Save feedback", widget=GovSubmitInput())

    def seen_revision(self) -> int:
        """Return the revision of the feedback the trainer opened, 0 when there was none."""
        try:
            return max(int(self.revision.data or 0), 0)
        except ValueError:
            return 0


class ReturnForm(FlaskForm):
    answers = SelectMultipleField(
        "Which answers should the learner think about again?",
        widget=GovCheckboxesInput(),
        coerce=int,
        validators=[InputRequired("Select at least one answer for the learner to think about again")],
    )
    reason = TextAreaField(
        "Why are you returning these answers?",
        filters=[strip],
        description="The learner sees this on My learning and in the e-mail. Say what to think about further.",
        widget=GovCharacterCount(),
        validators=[
            DataRequired("Enter why you are returning these answers"),
            Length(max=2_000, message="The reason must be 2,000 characters or fewer"),
        ],
    )
    submit = SubmitField("Return for more reflection", widget=GovSubmitInput())


class DecisionForm(FlaskForm):
    """A button that records a decision; the CSRF token is its only field."""


class CommentForm(FlaskForm):
    text = TextAreaField(
        "New comment",
        widget=GovCharacterCount(),
        filters=[strip],
        validators=[
            DataRequired("Enter the comment"),
            Length(max=MAX_COMMENT, message=f"A comment must be {MAX_COMMENT:,} characters or fewer"),
        ],
    )
    submit = SubmitField("Add comment", widget=GovSubmitInput())


class RevealForm(FlaskForm):
    answer = IntegerField(validators=[InputRequired()])


AGENCY_LEVELS = [
    ("none", "No agency: the whole partnership"),
    ("kind", "Kind of agency only, for example health or police"),
    ("agency", "Agency name, for example Homerton Healthcare"),
]


class ExportForm(FilterForm):
    format = ChoiceRadios(
        "File type",
        "Select a file type",
        choices=choices([("csv", "CSV (opens in any spreadsheet)"), ("xlsx", "Excel (.xlsx)")]),
        default="csv",
    )
    agency_level = ChoiceRadios(
        "How much should the file say about where each person works?",
        "Select how much to say about where each person works",
        choices=choices(AGENCY_LEVELS),
        default="none",
    )
    profession = BooleanField("Include each person's profession", widget=GovCheckboxInput())


class InsightsForm(FilterForm):
    about = ChoiceSelect("Show figures for", "Select a module or a theme from the list")
    split = ChoiceRadios(
        "Split by",
        "Select agency or profession",
        choices=choices([("agency", "Agency"), ("profession", "Profession")]),
        default="agency",
    )
