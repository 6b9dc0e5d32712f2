"""The manager's home: the completion report for their area."""

from flask import render_template, request

from quizapp.database import reads_first
from quizapp.models import Role
from quizapp.models.types import utcnow
from quizapp.records.report import completion_report
from quizapp.records.report_tables import PEOPLE_HEADER, STATUS_HEADERS
from quizapp.reports import bp
from quizapp.reports.filtering import report_request
from quizapp.reports.presenting import area_name, bar_chart, download_url, pagination
from quizapp.security import requires


@bp.route("/")
@requires(Role.MANAGER)
@reads_first  # it never writes: readers and learners' saves need not wait for it on SQLite
def home():
    chosen = report_request()
    page = request.args.get("page", 1, type=int)
    report = completion_report(chosen.scope, chosen.filters, chosen.options, utcnow().date(), page)
    return render_template(
        "reports/home.html",
        title="Completion report",
        form=chosen.form,
        report=report,
        area=area_name(chosen.scope, chosen.options),
        chart=bar_chart(report.summary),
        pagination=pagination(report, request.args),
        people_header=PEOPLE_HEADER,
        status_headers=STATUS_HEADERS,
        downloads={fmt: download_url(fmt, request.args) for fmt in ("csv", "xlsx")},
    )
