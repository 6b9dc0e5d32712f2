"""Downloads of the completion report, exactly as on screen and every page: CSV and Excel."""

from contextlib import nullcontext

from flask import Flask, Response, abort, current_app, has_app_context, send_file
from flask_login import current_user

from quizapp.exports.tables import Sheet, csv_stream, xlsx_file
from quizapp.extensions import db
from quizapp.models import Role
from quizapp.models.types import utcnow
from quizapp.records.report import ReportFilters, group_by_team, report_options, report_summary, report_table_rows
from quizapp.records.report_tables import (
    PEOPLE_HEADER,
    PEOPLE_WIDTHS,
    SUMMARY_WIDTHS,
    record_report_export,
    summary_cells,
    summary_header,
)
from quizapp.records.scope import ManagerScope
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
    db.session.commit()
    name = f"completion-report-{today.isoformat()}.{fmt}"
    if fmt == "csv":
        app = current_app._get_current_object()  # type: ignore[attr-defined]
        return Response(
            _csv(app, chosen.scope, chosen.filters, today),
            mimetype="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{name}"'},
        )
    options = report_options(chosen.scope)
    rows = report_table_rows(chosen.scope, chosen.filters, options, today)
    summary, total = report_summary(chosen.scope, chosen.filters, options, today)
    grouped_by = "Team" if group_by_team(chosen.scope, chosen.filters) else "Agency"
    workbook = xlsx_file(
        [
            Sheet("Summary", summary_header(grouped_by), summary_cells(summary, total), SUMMARY_WIDTHS),
            Sheet("People", PEOPLE_HEADER, rows, PEOPLE_WIDTHS),
        ]
    )
    return send_file(workbook, mimetype=XLSX, as_attachment=True, download_name=name)


def _csv(app: Flask, scope: ManagerScope, filters: ReportFilters, today):
    # Runs as the server sends the response, after the request's app context has gone: it needs its own.
    with nullcontext() if has_app_context() else app.app_context():
        options = report_options(scope)
        yield from csv_stream(PEOPLE_HEADER, report_table_rows(scope, filters, options, today))
