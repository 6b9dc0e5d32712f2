"""The manager's forms: report filters (in the URL), assigning, changing and withdrawing training."""

from datetime import date, datetime

from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovSubmitInput, GovTextInput
from wtforms import DateField, IntegerField, SelectField, StringField, SubmitField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import InputRequired, NumberRange, Optional, ValidationError

from quizapp.models import Module, Theme
from quizapp.records.report import ReportFilters, ReportOptions
from quizapp.records.status import Status
from quizapp.templating import DateInput, Select

REFRESH_RANGE = "Refresh interval must be a whole number of months from 1 to 60"
STATUS_CHOICES = [("", "All statuses")] + [(status.value, status.value.capitalize()) for status in Status]


class GovDateField(DateField):
    """Day, month and year boxes read as one date, with GOV.UK wording when the date is not real."""

    widget = DateInput()

    def __init__(self, label=None, validators=None, **kwargs):
        super().__init__(label, validators, format="%d %m %Y", **kwargs)

    def process_formdata(self, valuelist):
        # The widget shows raw_data as exactly day, month and year; a tampered query string may send more or fewer.
        self.raw_data = ([*valuelist, "", "", ""][:3]) if valuelist else None
        if not valuelist or not "".join(valuelist).strip():
            self.data = None
            return
        try:
            self.data = datetime.strptime(" ".join(v.strip() for v in valuelist), "%d %m %Y").date()
        except ValueError:
            self.data = None
            raise ValueError(f"{self.label.text} must be a real date") from None


class ScopedSelectField(SelectField):
    """A select whose submitted value must be one the manager was offered; anything else is out of scope."""

    widget = Select()

    def offer(self, pairs) -> None:
        """Set the options from (value, label) pairs."""
        self.choices = [SelectChoice(value, label) for value, label in pairs]

    def values(self) -> set[str]:
        return {choice.value for choice in self.choices}

    def pre_validate(self, form):
        if (self.data or "") not in self.values():
            raise ValidationError("Select one of the options shown")


class ReportFilterForm(FlaskForm):
    """The completion report's filters; read from the query string so a report can be bookmarked."""

    class Meta:
        csrf = False

    agency = ScopedSelectField("Agency", default="")
    team = ScopedSelectField("Team", default="")
    profession = ScopedSelectField("Profession", default="")
    module = ScopedSelectField("Module", default="")
    theme = ScopedSelectField("Theme", default="")
    status = ScopedSelectField("Status", default="")
    completed_from = GovDateField("Completed from", validators=[Optional()])
    completed_to = GovDateField("Completed to", validators=[Optional()])

    SCOPED = ("agency", "team", "profession", "module", "theme", "status")

    def __init__(self, formdata, options: ReportOptions):
        super().__init__(formdata)
        self.agency.offer([("", "All agencies")] + [(str(a.id), a.name) for a in options.agencies])
        self.team.offer([("", "All teams")] + [(str(t.id), f"{t.name} ({t.agency.name})") for t in options.teams])
        self.profession.offer([("", "All professions")] + [(p, p) for p in options.professions])
        self.module.offer([("", "All modules")] + [(str(m.id), m.current_version.title) for m in options.modules])
        self.status.offer(STATUS_CHOICES)
        self.theme.offer([("", "All themes")] + [(str(t.id), t.name) for t in options.themes])

    def out_of_scope(self) -> bool:
        """Say whether a filter names something this manager was not offered (the page answers 404)."""
        return any((getattr(self, name).data or "") not in getattr(self, name).values() for name in self.SCOPED)

    def validate_completed_to(self, field):
        start, end = self.completed_from.data, field.data
        if start and end and end < start:
            raise ValidationError("Completed to must be the same as or after completed from")

    def filters(self) -> ReportFilters:
        """Return the chosen filters; dates with errors are left out."""
        return ReportFilters(
            agency_id=_id(self.agency.data),
            team_id=_id(self.team.data),
            profession=self.profession.data or None,
            module_id=_id(self.module.data),
            theme_id=_id(self.theme.data),
            status=Status(self.status.data) if self.status.data else None,
            completed_from=None if self.completed_from.errors else self.completed_from.data,
            completed_to=None if self.completed_to.errors else self.completed_to.data,
        )


def _id(value: str | None) -> int | None:
    return int(value) if value else None


class MonthsField(IntegerField):
    """A whole number of months, with GOV.UK wording when it is not one."""

    def process_formdata(self, valuelist):
        if not valuelist or not valuelist[0].strip():
            self.data = None
            return
        try:
            self.data = int(valuelist[0].strip())
        except ValueError:
            self.data = None
            raise ValueError(REFRESH_RANGE) from None


class AssignmentDatesForm(FlaskForm):
    """When training is due and how often it must be refreshed."""

    due_on = GovDateField("Due date", validators=[InputRequired(message="Enter the date the training is due")])
    refresh_months = MonthsField(
        "Refresh every (months, optional)",
        description="For example 12 to ask people to do it again a year after they last completed it",
        widget=GovTextInput(),
        validators=[
            Optional(),
            NumberRange(min=1, max=60, message=REFRESH_RANGE),
        ],
    )
    submit = SubmitField("Save", widget=GovSubmitInput())

    def __init__(self, *args, today: date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today

    @property
    def due(self) -> date:
        """Return the due date; only read after validation, which requires one."""
        return self.due_on.data or self.today

    def validate_due_on(self, field):
        if field.data and field.data < self.today:
            raise ValidationError("Due date must be today or in the future")


class AssignmentForm(AssignmentDatesForm):
    """Assign a module, or every module on a theme, to an agency, a team or one person."""

    subject = ScopedSelectField("What to assign")
    target = ScopedSelectField("Who must do it")
    email = StringField(
        "E-mail address of the person",
        description="Only if you chose one person",
        widget=GovTextInput(),
    )
    submit = SubmitField("Assign training", widget=GovSubmitInput())

    def __init__(self, *args, modules: list[Module], themes: list[Theme], targets: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.subject.offer(
            [("", "Choose a module or theme")]
            + [(f"module:{m.id}", m.current_version.title) for m in modules]
            + [(f"theme:{t.id}", f"Every module on the theme: {t.name}") for t in themes]
        )
        self.target.offer([("", "Choose who must do it"), *targets, ("person", "One person (enter their e-mail)")])

    def validate_subject(self, field):
        if not field.data:
            raise ValidationError("Select a module or theme to assign")

    def validate_target(self, field):
        if not field.data:
            raise ValidationError("Select who must do the training")

    def validate_email(self, field):
        if self.target.data == "person" and not (field.data or "").strip():
            raise ValidationError("Enter the e-mail address of the person")


class WithdrawForm(FlaskForm):
    submit = SubmitField("Withdraw assignment", widget=GovSubmitInput())
