"""Proof and records: confirmation, certificates, My learning record and the CPD export."""

from io import BytesIO

from flask import abort, make_response, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from quizapp.exports import render_certificate_pdf, render_cpd_record_docx, render_cpd_record_pdf
from quizapp.extensions import limiter
from quizapp.learn import bp
from quizapp.models import Role
from quizapp.models.types import utcnow
from quizapp.records.attempts import completion_of, own_attempt
from quizapp.records.learning_record import (
    certificate_data,
    completion_by_code,
    cpd_record,
    learning_record,
    own_completion,
)
from quizapp.security import public, requires

EXPORTS = {
    "pdf": (render_cpd_record_pdf, "application/pdf"),
    "docx": (render_cpd_record_docx, "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
}


@bp.route("/attempts/<int:attempt_id>/confirmation")
@requires(Role.LEARNER)
def confirmation(attempt_id):
    attempt = own_attempt(current_user, attempt_id)
    completion = completion_of(attempt)
    if completion is None:
        return redirect(url_for("learn.check_answers", attempt_id=attempt.id))
    return render_template("learn/confirmation.html", title="Module complete", attempt=attempt, completion=completion)


@bp.route("/my-learning/completions/<int:completion_id>/certificate.pdf")
@requires(Role.LEARNER)
def certificate(completion_id):
    completion = own_completion(current_user, completion_id)
    pdf = render_certificate_pdf(certificate_data(completion))
    return send_file(
        BytesIO(pdf),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=f"certificate-{completion.version.module.slug}.pdf",
    )


@bp.route("/certificates/verify/<code>")
@limiter.limit("30 per minute")
@public
def verify_certificate(code):
    completion = completion_by_code(code[:64])
    if completion is None:
        page = render_template("learn/certificate_not_found.html", title="Certificate not found", code=code[:64])
    else:
        page = render_template("learn/verify.html", title="Certificate verified", completion=completion)
    response = make_response(page, 404 if completion is None else 200)
    # Whoever holds the link may check it; nobody should find it by search or in a shared cache.
    response.headers["Cache-Control"] = "no-store"
    response.headers["X-Robots-Tag"] = "noindex, nofollow"
    return response


@bp.route("/my-learning/record")
@requires(Role.LEARNER)
def my_record():
    year = request.args.get("year", type=int)
    record = learning_record(current_user, year)
    year_items = [{"value": "", "text": "All years", "selected": year is None}] + [
        {"value": str(y), "text": str(y), "selected": y == year} for y in record.years
    ]
    return render_template("learn/my_record.html", title="My learning record", record=record, year_items=year_items)


@bp.route("/my-learning/record/reflections.<fmt>")
@requires(Role.LEARNER)
def export_reflections(fmt):
    if fmt not in EXPORTS:
        abort(404)
    render, mimetype = EXPORTS[fmt]
    today = utcnow().date()
    document = render(cpd_record(current_user, today))
    return send_file(
        BytesIO(document),
        mimetype=mimetype,
        as_attachment=True,
        download_name=f"cpd-record-reflections-{today.isoformat()}.{fmt}",
    )
