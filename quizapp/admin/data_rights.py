"""Data protection requests for one person: download everything held about them, or erase it."""

import json

from flask import Response, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm
from govuk_frontend_wtf.wtforms_widgets import GovCheckboxInput, GovSubmitInput
from wtforms import BooleanField, SubmitField
from wtforms.validators import DataRequired

from quizapp.admin import bp
from quizapp.extensions import db
from quizapp.models import Role
from quizapp.people import data_rights, directory
from quizapp.people.audit import record_event
from quizapp.security import requires


class EraseForm(FlaskForm):
    confirm = BooleanField(
        "I understand that this person’s details and answers will be removed for good",
        widget=GovCheckboxInput(),
        validators=[DataRequired("Confirm that you understand the erasure cannot be undone")],
    )
    submit = SubmitField("Erase personal data", widget=GovSubmitInput())


@bp.route("/people/<int:user_id>/data")
@requires(Role.ADMIN)
def person_data(user_id: int):
    user = directory.person(user_id)
    return render_template("admin/person_data.html", title=f"Data held about {user.name}", user=user, form=EraseForm())


@bp.route("/people/<int:user_id>/data.<any(json, pdf):fmt>")
@requires(Role.ADMIN)
def subject_access(user_id: int, fmt: str):
    user = directory.person(user_id)
    record_event("subject_access_exported", current_user, user, format=fmt)
    if fmt == "json":
        body: bytes | str = json.dumps(data_rights.subject_access(user), indent=2, ensure_ascii=False)
        mimetype = "application/json"
    else:
        body, mimetype = data_rights.subject_access_pdf(user), "application/pdf"
    db.session.commit()
    filename = f"subject-access-{user.id}.{fmt}"
    return Response(body, mimetype=mimetype, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


@bp.route("/people/<int:user_id>/erase", methods=["POST"])
@requires(Role.ADMIN)
def erase_person(user_id: int):
    user = directory.person(user_id)
    form = EraseForm()
    if not form.validate_on_submit():
        return render_template("admin/person_data.html", title=f"Data held about {user.name}", user=user, form=form)
    if user.id == current_user.id:
        form.confirm.errors = ["You cannot erase your own account"]
        return render_template("admin/person_data.html", title=f"Data held about {user.name}", user=user, form=form)
    data_rights.erase_person(user, current_user)
    db.session.commit()
    flash("The person’s personal data and answers were erased. Their completions are kept, anonymised.", "success")
    return redirect(url_for("admin.people"))
