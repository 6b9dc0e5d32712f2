"""What the report pages show, worked out in Python: the chart's bars, pagination and download links."""

from dataclasses import dataclass

from flask import url_for
from werkzeug.datastructures import MultiDict

from quizapp.models import Scope
from quizapp.records.report import Report, ReportOptions, SummaryRow
from quizapp.records.scope import ManagerScope

BAR_HEIGHT = 24
ROW_HEIGHT = 56


@dataclass(frozen=True)
class Bar:
    label: str
    rate: int
    y: int
    width: float


@dataclass(frozen=True)
class Chart:
    bars: list[Bar]
    height: int


def bar_chart(summary: list[SummaryRow]) -> Chart:
    """Return one bar per agency or team, its length the completion rate out of 100."""
    bars = [Bar(row.name, row.rate, index * ROW_HEIGHT, row.rate * 5.0) for index, row in enumerate(summary)]
    return Chart(bars, max(ROW_HEIGHT, len(bars) * ROW_HEIGHT))


def area_name(scope: ManagerScope, options: ReportOptions) -> str:
    """Return the manager's area in words."""
    match scope.kind:
        case Scope.PARTNERSHIP:
            return "Every agency in the partnership"
        case Scope.AGENCY:
            return options.agency_name(scope.agency_id)
        case Scope.TEAM:
            return f"{options.team_name(scope.team_id)}, {options.agency_name(scope.agency_id)}"
    return "No area: ask an administrator to set the area you manage"


def filter_args(args: MultiDict) -> MultiDict:
    """Return the query string's filters without the page number."""
    return MultiDict([(key, value) for key, value in args.items(multi=True) if key != "page"])


def _url(endpoint: str, args: MultiDict, **extra) -> str:
    values: dict = {key: args.getlist(key) for key in args if key not in extra}
    return url_for(endpoint, **values, **extra)


def download_url(fmt: str, args: MultiDict) -> str:
    return _url("reports.download", filter_args(args), fmt=fmt)


def pagination(report: Report, args: MultiDict) -> dict | None:
    """Return the GOV.UK pagination component's parameters, or None for a single page."""
    if report.pages <= 1:
        return None
    kept = filter_args(args)
    items = []
    for number in range(1, report.pages + 1):
        if number in (1, report.pages) or abs(number - report.page) <= 2:
            items.append(
                {"number": number, "href": _url("reports.home", kept, page=number), "current": number == report.page}
            )
        elif items and not items[-1].get("ellipsis"):
            items.append({"ellipsis": True})
    params: dict = {"items": items, "landmarkLabel": "People pages"}
    if report.page > 1:
        params["previous"] = {"href": _url("reports.home", kept, page=report.page - 1)}
    if report.page < report.pages:
        params["next"] = {"href": _url("reports.home", kept, page=report.page + 1)}
    return params
