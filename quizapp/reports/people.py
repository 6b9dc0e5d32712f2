"""A person's training record, and their certificates, for a manager whose area they are in."""

from io import BytesIO

from flask import render_template, send_file
from flask_login import current_user

from quizapp.exports import render_certificate_pdf
from quizapp.extensions import db
from quizapp.models import Role
from quizapp.models.types import utcnow
from quizapp.people.audit import record_event
from quizapp.records.assignments import subject_name, target_name
from quizapp.records.learning_record import certificate_data
from quizapp.records.scope import manager_scope
from quizapp.records.training_record import completion_in_scope, training_record
from quizapp.reports import bp
from quizapp.security import requires


@bp.route("/people/<int:user_id>")
@requires(Role.MANAGER)
def person(user_id):
    record = training_record(manager_scope(current_user), user_id, utcnow().date())
    return render_template(
        "reports/person.html",
        title=f"Training record: {record.person.name}",
        record=record,
        subject_name=subject_name,
        target_name=target_name,
    )


@bp.route("/people/<int:user_id>/certificates/<int:completion_id>.pdf")
@requires(Role.MANAGER)
def certificate(user_id, completion_id):
    completion = completion_in_scope(manager_scope(current_user), user_id, completion_id)
    record_event("certificate exported", current_user, subject=completion.user, obj=completion)
    db.session.commit()
    return send_file(
        BytesIO(render_certificate_pdf(certificate_data(completion))),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"certificate-{completion.version.module.slug}-{completion.user_id}.pdf",
    )
