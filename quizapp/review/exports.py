"""Anonymised answers to a question or a module, as CSV or Excel, for a group session."""

from flask import Response, render_template, request, send_file, stream_with_context
from flask_login import current_user

from quizapp.curriculum.catalogue import published_module
from quizapp.database import commit_then_only_read
from quizapp.exports.tables import Sheet, csv_stream, xlsx_file
from quizapp.models import Role
from quizapp.models.types import utcnow
from quizapp.records.answer_sets import anonymised_answers, written_question
from quizapp.review import bp
from quizapp.review.forms import ExportForm
from quizapp.security import requires

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WIDTHS = [10, 30, 8, 50, 80, 14, 28, 24]


@bp.route("/exports/answers")
@requires(Role.TRAINER, Role.ADMIN)
def export():
    question_id = request.args.get("question", type=int)
    question = written_question(question_id) if question_id else None
    module = None if question else published_module(request.args.get("module", ""))
    form = ExportForm(formdata=request.args if "format" in request.args else None)
    if not (form.is_submitted() or "format" in request.args) or not form.validate():
        subject = question.prompt if question else module.current_version.title  # type: ignore[union-attr]
        return render_template("review/export.html", title="Export answers", form=form, subject=subject)
    table = anonymised_answers(
        current_user,
        question=question,
        module=module,
        agency_level=form.agency_level.data,
        profession=form.profession.data,
    )
    commit_then_only_read()  # the audit event is kept before the file goes
    filename = f"answers-{table.name}-{utcnow():%Y-%m-%d}"
    if form.format.data == "xlsx":
        workbook = xlsx_file([Sheet("Answers", table.header, table.rows, WIDTHS)])
        return send_file(workbook, mimetype=XLSX, as_attachment=True, download_name=f"{filename}.xlsx")
    return Response(
        stream_with_context(csv_stream(table.header, table.rows)),
        mimetype="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{filename}.csv"'},
    )
