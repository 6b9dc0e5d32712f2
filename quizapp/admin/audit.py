"""The audit log: filter by person, action and date; page through it; download it as CSV."""

from flask import Response, render_template, request, stream_with_context
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovSelect, GovTextInput
from wtforms import DateField, SelectField, StringField
from wtforms.validators import Length, Optional

from quizapp.admin import bp
from quizapp.admin.people_forms import choices
from quizapp.database import commit_then_only_read
from quizapp.exports.tables import csv_stream
from quizapp.models import Role
from quizapp.models.types import utcnow
from quizapp.people.audit import record_event
from quizapp.people.audit_log import EXPORT_HEADER, AuditFilter, actions, audit_page, audit_rows, describe
from quizapp.security import requires

DATE_ERROR = "Enter a real date, like 27 3 2026"


class DayMonthYearField(DateField):
    """A date typed as day, month and year boxes; missing boxes count as no date."""

    def process_formdata(self, valuelist):
        if len(valuelist) != 3:
            self.raw_data, self.data = None, None
        elif any(value.strip() for value in valuelist):
            super().process_formdata([" ".join(value.strip() for value in valuelist)])


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False

    person = StringField("Person (name or email)", widget=GovTextInput(), validators=[Optional(), Length(max=200)])
    action = SelectField("Action", widget=GovSelect(), validate_choice=False, validators=[Optional()])
    since = DayMonthYearField("From", widget=GovDateInput(), format="%d %m %Y", validators=[Optional()])
    until = DayMonthYearField("To", widget=GovDateInput(), format="%d %m %Y", validators=[Optional()])

    def wanted(self) -> AuditFilter:
        valid = self.validate()
        for field in (self.since, self.until):
            field.errors = [DATE_ERROR] if field.errors else []
        return AuditFilter(
            self.person.data or "",
            self.action.data or "",
            self.since.data if valid else None,
            self.until.data if valid else None,
        )


def _form() -> AuditFilterForm:
    form = AuditFilterForm(request.args)
    form.action.choices = choices([("", "All actions")] + [(a, a.replace("_", " ")) for a in actions()])
    return form


@bp.route("/audit")
@requires(Role.ADMIN)
def audit_log():
    form = _form()
    results = audit_page(form.wanted(), request.args.get("page", 1, type=int))
    args = {key: value for key, value in request.args.items(multi=False) if key != "page"}
    return render_template(
        "admin/audit.html", title="Audit log", form=form, results=results, args=args, describe=describe
    )


@bp.route("/audit/export.csv")
@requires(Role.ADMIN)
def export_audit_log():
    wanted = _form().wanted()
    record_event("audit_log_exported", current_user, person=wanted.person, filter_action=wanted.action)
    commit_then_only_read()
    filename = f"audit-log-{utcnow():%Y-%m-%d}.csv"
    return Response(
        stream_with_context(csv_stream(EXPORT_HEADER, audit_rows(wanted))),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )
