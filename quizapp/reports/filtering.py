"""Reading a report request: the manager's scope, the filter form, and 404 for anything outside the scope."""

from dataclasses import dataclass

from flask import abort, request
from flask_login import current_user

from quizapp.records.report import ReportFilters, ReportOptions, report_options
from quizapp.records.scope import ManagerScope, manager_scope
from quizapp.reports.forms import ReportFilterForm


@dataclass
class ReportRequest:
    scope: ManagerScope
    options: ReportOptions
    form: ReportFilterForm
    filters: ReportFilters


def report_request() -> ReportRequest:
    """Return the signed-in manager's report request; abort 404 if a filter names something out of scope."""
    scope = manager_scope(current_user)
    options = report_options(scope)
    form = ReportFilterForm(request.args, options)
    if form.out_of_scope():
        abort(404)
    form.validate()
    return ReportRequest(scope, options, form, form.filters())
