"""Importing staff from a spreadsheet: upload, see every problem or a preview, then confirm."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField, FileRequired
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovFileInput, GovSubmitInput
from sqlalchemy import select
from wtforms import BooleanField, SubmitField

from quizapp.admin import bp
from quizapp.extensions import db
from quizapp.mail import send_pending
from quizapp.models import PeopleImport, Role, found
from quizapp.models.types import utcnow
from quizapp.people import bulk_import, invitations
from quizapp.security import requires

# More invitations than this are left for `flask mail send-pending` rather than sent while the admin waits.
SEND_AT_ONCE = 50
PREVIEW_ROWS = 20


class UploadForm(FlaskForm):
    file = FileField(
        "Upload a file", widget=GovFileInput(), validators=[FileRequired("Select a CSV or Excel file of staff")]
    )
    submit = SubmitField("Check the file", widget=GovSubmitInput())


class ConfirmForm(FlaskForm):
    invite = BooleanField("Send an invitation to each new person", widget=GovCheckboxInput(), default=True)
    submit = SubmitField("Import people", widget=GovSubmitInput())


@bp.route("/people/import", methods=["GET", "POST"])
@requires(Role.ADMIN)
def import_people():
    form = UploadForm()
    check = None
    if form.validate_on_submit():
        upload = form.file.data
        try:
            rows = bulk_import.read_file(upload.filename or "", upload.read())
        except bulk_import.ImportFileError as error:
            form.file.errors = [str(error)]
        else:
            check = bulk_import.check_rows(rows)
            if check.clean:
                staged = bulk_import.stage_import(upload.filename or "people.csv", rows, current_user, utcnow())
                db.session.commit()
                return redirect(url_for("admin.import_preview", import_id=staged.id))
    return render_template("admin/import.html", title="Import staff", form=form, check=check)


@bp.route("/people/import/<int:import_id>", methods=["GET", "POST"])
@requires(Role.ADMIN)
def import_preview(import_id: int):
    staged = _staged(import_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        outcome = bulk_import.apply_import(staged, current_user, utcnow())
        if isinstance(outcome, bulk_import.ImportCheck):
            db.session.rollback()
            return render_template("admin/import.html", title="Import staff", form=UploadForm(), check=outcome)
        messages = invitations.invite_all(outcome.created, current_user, utcnow()) if form.invite.data else []
        db.session.commit()
        if len(messages) <= SEND_AT_ONCE:
            send_pending(ids=[message.id for message in messages])
        flash(_summary(outcome, len(messages)), "success")
        return redirect(url_for("admin.people"))
    check = bulk_import.check_rows(staged.rows)
    rows = staged.rows[:PREVIEW_ROWS]
    return render_template(
        "admin/import_preview.html", title="Check the import", form=form, check=check, rows=rows, staged=staged
    )


def _staged(import_id: int) -> PeopleImport:
    query = select(PeopleImport).where(PeopleImport.id == import_id, PeopleImport.imported_at.is_(None))
    return found(db.session.scalar(query))


def _summary(outcome: bulk_import.ImportResult, invited: int) -> str:
    text = f"Imported: {len(outcome.created)} added, {outcome.updated} updated, {outcome.unchanged} unchanged."
    return text + (f" {invited} invitations sent." if invited else "")
