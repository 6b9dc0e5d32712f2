"""Downloads hold exactly what the report shows, every page of it, and each one is in the audit log."""

import csv
import io
from datetime import date, datetime

import openpyxl
from flask import url_for
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import AuditEvent
from quizapp.records.report import PER_PAGE
from tests.conftest import parse
from tests.integration.records_factory import assign, complete, start


def screen_rows(client, **args) -> list[list[str]]:
    """Return every row of the people table, following the pagination, as text with ISO dates."""
    rows, page = [], 1
    while True:
        html = parse(client.get(url_for("reports.home", page=page, **args)))
        for tr in html.select("#people tbody tr"):
            cells = tr.select("td")
            texts = [c.get_text(" ", strip=True) for c in cells]
            texts[7], texts[8] = cells[7]["data-date"], cells[8]["data-date"]
            rows.append(texts)
        if not html.select_one(".govuk-pagination__next"):
            return rows
        page += 1


def screen_summary(client, **args) -> list[list[str]]:
    html = parse(client.get(url_for("reports.home", **args)))
    return [
        [c.get_text(strip=True).rstrip("%") for c in tr.select("th, td")] for tr in html.select("#summary tbody tr")
    ]


def csv_rows(response) -> list[list[str]]:
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))


def excel_value(value) -> str:
    if isinstance(value, datetime):
        return value.date().isoformat()
    return "" if value is None else str(value)


def test_csv_and_excel_hold_every_page_of_the_screen(client, auth, managers, create_user, loaded_modules):
    modules = list(loaded_modules.values())
    team = [create_user(name=f"Learner {n:02d}") for n in range(10)]
    assign(date(2026, 1, 10), module=modules[0], team=team[0].team, refresh_months=12)
    for n, person in enumerate(team):
        if n % 2:
            complete(person, modules[n % 6], date(2025, 12, n + 1))
        if n % 3 == 0:
            start(person, modules[5], date(2026, 2, 1))
    auth.sign_in(managers["agency"])

    on_screen = screen_rows(client)
    downloaded = csv_rows(client.get(url_for("reports.download", fmt="csv")))
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(url_for("reports.download", fmt="xlsx")).data))

    assert len(on_screen) == 60 > PER_PAGE
    assert downloaded[0] == [
        "Name",
        "E-mail",
        "Agency",
        "Team",
        "Profession",
        "Module",
        "Status",
        "Due",
        "Last completed",
    ]
    assert downloaded[1:] == on_screen
    people = list(workbook["People"].iter_rows(values_only=True))
    assert [[excel_value(v) for v in row] for row in people[1:]] == on_screen
    assert isinstance(people[2][8] or people[1][7], datetime), "dates are real Excel dates"
    summary = list(workbook["Summary"].iter_rows(values_only=True))
    assert [[excel_value(v) for v in row] for row in summary[1:]] == screen_summary(client)
    assert workbook["People"].freeze_panes == "A2"


def test_downloads_follow_the_filters_on_screen(client, auth, managers, people, loaded_modules):
    case_1 = loaded_modules["case-1-early-help-self-referral"]
    complete(people["team"], case_1, date(2026, 5, 1))
    auth.sign_in(managers["partnership"])
    args = {"status": "completed", "completed_from": ["1", "4", "2026"], "completed_to": ["30", "4", "2027"]}

    on_screen = screen_rows(client, **args)
    downloaded = csv_rows(client.get(url_for("reports.download", fmt="csv", **args)))

    assert [row[:1] + row[5:7] for row in on_screen] == [["Tia Team", case_1.current_version.title, "Completed"]]
    assert downloaded[1:] == on_screen
    link = parse(client.get(url_for("reports.home", **args))).select_one("#downloads a")["href"]
    assert "status=completed" in link and "completed_from=1&completed_from=4&completed_from=2026" in link


def test_every_download_writes_an_audit_event(client, auth, managers, people, module):
    auth.sign_in(managers["team"])

    client.get(url_for("reports.download", fmt="csv", status="overdue"))
    client.get(url_for("reports.download", fmt="xlsx"))

    events = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "completion report exported")).all()
    assert [(e.actor_id, e.details["format"]) for e in events] == [
        (managers["team"].id, "csv"),
        (managers["team"].id, "xlsx"),
    ]
    assert events[0].details["filters"] == {"status": "overdue"}


def test_a_formula_in_a_name_stays_text_in_both_downloads(client, auth, managers, create_user, module):
    create_user(name='=HYPERLINK("http://evil.example")')
    auth.sign_in(managers["team"])

    downloaded = csv_rows(client.get(url_for("reports.download", fmt="csv")))
    workbook = openpyxl.load_workbook(io.BytesIO(client.get(url_for("reports.download", fmt="xlsx")).data))

    assert downloaded[1][0].startswith("'=")
    assert workbook["People"]["A2"].data_type == "s" and workbook["People"]["A2"].value.startswith("'=")


def test_a_bad_date_filter_is_explained_and_the_report_still_shows(client, auth, managers, people, module):
    auth.sign_in(managers["team"])

    response = client.get(url_for("reports.home", completed_from=["31", "2", "2026"]))

    page = parse(response)
    assert response.status_code == 200
    assert "Completed from must be a real date" in page.select_one(".govuk-error-summary").text
    assert page.select("#people tbody tr")


def test_an_unknown_download_format_is_404(client, auth, managers):
    auth.sign_in(managers["team"])

    assert client.get(url_for("reports.download", fmt="pdf")).status_code == 404
