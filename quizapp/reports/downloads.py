"""Downloads of the completion report, exactly as on screen and every page: CSV and Excel."""

from flask import Response, abort, send_file, stream_with_context
from flask_login import current_user

from quizapp.database import commit_then_only_read
from quizapp.exports.tables import Sheet, csv_stream, xlsx_file
from quizapp.models import Role
from quizapp.models.types import utcnow
from quizapp.records.report import group_by_team, report_options, report_summary, report_table_rows
from quizapp.records.report_tables import (
    PEOPLE_HEADER,
    PEOPLE_WIDTHS,
    PERSON_CELLS,
    SUMMARY_WIDTHS,
    record_report_export,
    summary_cells,
    summary_header,
)
from quizapp.reports import bp
from quizapp.reports.filtering import report_request
from quizapp.security import requires

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@bp.route("/download.<fmt>")
@requires(Role.MANAGER)
def download(fmt):
    if fmt not in ("csv", "xlsx"):
        abort(404)
    chosen, today = report_request(), utcnow().date()
    record_report_export(current_user, fmt, chosen.filters, today)
    commit_then_only_read()
    name = f"completion-report-{today.isoformat()}.{fmt}"
    options = report_options(chosen.scope)
    rows = report_table_rows(chosen.scope, chosen.filters, options, today)
    if fmt == "csv":
        return Response(
            stream_with_context(csv_stream(PEOPLE_HEADER, rows, repeated=PERSON_CELLS)),
            mimetype="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    summary, total = report_summary(chosen.scope, chosen.filters, options, today)
    grouped_by = "Team" if group_by_team(chosen.scope, chosen.filters) else "Agency"
    workbook = xlsx_file(
        [
            Sheet("Summary", summary_header(grouped_by), summary_cells(summary, total), SUMMARY_WIDTHS),
            Sheet("People", PEOPLE_HEADER, rows, PEOPLE_WIDTHS),
        ]
    )
    return send_file(workbook, mimetype=XLSX, as_attachment=True, download_name=name)
