"""The fast completion report gives exactly the rows and counts of the original all-pairs SQL (report_oracle.py)."""

import random
from datetime import date, timedelta

import pytest

from quizapp.extensions import db
from quizapp.models import Scope
from quizapp.records.report import ReportFilters, completion_report, report_options, report_rows, report_table_rows
from quizapp.records.scope import ManagerScope
from quizapp.records.status import Status
from tests.integration.records_factory import assign, complete, start
from tests.integration.reports.report_oracle import oracle_report

TODAY = date(2026, 11, 20)
TEAMS = [
    ("Hackney Children and Families Service", "Children in Need"),
    ("Hackney Children and Families Service", "Assessment and Intervention"),
    ("Homerton Healthcare", "Health Visiting"),
]


@pytest.fixture
def partnership(create_user, loaded_modules):
    """Forty people with a seeded mix of completions, open attempts, assignments at every level and leavers."""
    rng = random.Random(20261120)
    modules = list(loaded_modules.values())
    people = []
    for n in range(40):
        agency, team = TEAMS[n % len(TEAMS)]
        person = create_user(name=f"Learner {n:02d}", agency=agency, team=team, profession=rng.choice(["A", "B"]))
        for module in rng.sample(modules, rng.randint(0, 4)):
            for _ in range(rng.randint(1, 2)):
                complete(person, module, TODAY - timedelta(days=rng.randint(1, 800)))
        for module in rng.sample(modules, rng.randint(0, 2)):
            start(person, module, TODAY - timedelta(days=3))
        people.append(person)
    for person in people[::9]:
        person.active = False
    people[5].team_id = None
    db.session.commit()
    first = people[0]
    assign(TODAY - timedelta(days=30), module=modules[0], agency=first.agency, refresh_months=12)
    assign(TODAY + timedelta(days=30), module=modules[1], agency=first.agency)
    assign(TODAY - timedelta(days=5), module=modules[1], team=first.team, refresh_months=24)
    assign(TODAY + timedelta(days=10), module=modules[2], team=people[2].team, refresh_months=6)
    assign(TODAY - timedelta(days=1), module=modules[3], user=people[4])
    assign(TODAY + timedelta(days=3), module=modules[0], user=people[7], refresh_months=3)
    theme = modules[4].current_version.themes[0]
    assign(TODAY - timedelta(days=60), theme=theme, agency=people[2].agency, refresh_months=18)
    return people, modules, theme


def _filter_sets(people, modules, theme):
    agency_id, team_id = people[0].agency_id, people[0].team_id
    return [
        ReportFilters(),
        ReportFilters(agency_id=agency_id),
        ReportFilters(team_id=team_id),
        ReportFilters(profession="A"),
        ReportFilters(module_id=modules[1].id),
        ReportFilters(theme_id=theme.id),
        ReportFilters(completed_from=TODAY - timedelta(days=400)),
        ReportFilters(completed_from=TODAY - timedelta(days=500), completed_to=TODAY - timedelta(days=100)),
        *(ReportFilters(status=status) for status in Status),
        ReportFilters(agency_id=agency_id, status=Status.OVERDUE, module_id=modules[0].id),
    ]


def _summary(summary, total):
    return [(r.name, r.people, r.total, dict(r.counts)) for r in [*summary, total]]


@pytest.mark.parametrize("kind", [Scope.PARTNERSHIP, Scope.AGENCY, Scope.TEAM])
def test_rows_and_counts_equal_the_all_pairs_query(partnership, kind):
    people, modules, theme = partnership
    first = people[0]
    scope = ManagerScope(kind, first.agency_id, first.team_id)
    options = report_options(scope)
    checked = 0
    for filters in _filter_sets(people, modules, theme):
        summary, total, expected = oracle_report(scope, filters, options, TODAY)
        report = completion_report(scope, filters, options, TODAY)
        rows = [
            (r.name, r.user_id, r.module, r.status, r.due_on, r.last_completed_on)
            for r in report_rows(scope, filters, options, TODAY)
        ]
        cells = list(report_table_rows(scope, filters, options, TODAY))

        assert _summary(report.summary, report.total) == _summary(summary, total), filters
        assert rows == expected, filters
        assert [(r.name, r.module, r.status) for r in report.rows] == [(n, m, s) for n, _, m, s, _, _ in expected[:50]]
        assert [(c[0], c[5], c[6].lower(), c[7], c[8]) for c in cells] == [
            (n, m, s.value, due, last) for n, _, m, s, due, last in expected
        ]
        checked += len(expected)
    assert checked > 200  # the data is rich enough to mean something


def test_the_partnership_shows_every_status_so_the_comparison_means_something(partnership):
    scope = ManagerScope(Scope.PARTNERSHIP)
    _, total, rows = oracle_report(scope, ReportFilters(), report_options(scope), TODAY)

    assert {status for _, _, _, status, _, _ in rows} == set(Status)
    assert all(count >= 3 for count in total.counts.values())


def test_later_pages_equal_the_all_pairs_query(partnership):
    scope = ManagerScope(Scope.PARTNERSHIP)
    options = report_options(scope)
    _, _, expected = oracle_report(scope, ReportFilters(), options, TODAY)
    pages = -(-len(expected) // 50)
    assert pages >= 3
    for page in (2, pages, pages + 5):
        report = completion_report(scope, ReportFilters(), options, TODAY, page)
        start = (min(page, pages) - 1) * 50
        assert [(r.name, r.module) for r in report.rows] == [
            (n, m) for n, _, m, _, _, _ in expected[start : start + 50]
        ]
