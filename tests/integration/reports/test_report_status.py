"""Statuses in the completion report, as at a frozen date, agree with the learner's own My learning."""

from datetime import date, timedelta

import pytest
import time_machine

from quizapp.extensions import db
from quizapp.models import Scope
from quizapp.models.types import utcnow
from quizapp.records.overview import module_cards
from quizapp.records.report import ReportFilters, completion_report, report_options, report_rows
from quizapp.records.scope import ManagerScope
from quizapp.records.status import Status
from tests.integration.records_factory import assign, complete, start

TODAY = date(2026, 11, 20)
EVERYONE = ManagerScope(Scope.PARTNERSHIP)


def statuses(today=TODAY, **filters) -> dict[tuple[str, str], Status]:
    options = report_options(EVERYONE)
    return {(r.name, r.module): r.status for r in report_rows(EVERYONE, ReportFilters(**filters), options, today)}


@pytest.fixture
def modules(loaded_modules):
    return [loaded_modules[slug] for slug in ("case-1-early-help-self-referral", "felix-disability-family-pressures")]


def test_overdue_means_due_date_passed_without_completion(people, modules):
    case_1, _ = modules
    assign(date(2026, 11, 19), module=case_1, team=people["team"].team)

    assert statuses()[("Tia Team", case_1.current_version.title)] == Status.OVERDUE
    assert statuses(today=date(2026, 11, 19))[("Tia Team", case_1.current_version.title)] == Status.NOT_STARTED
    assert statuses()[("Abe Agency", case_1.current_version.title)] == Status.NOT_STARTED


def test_in_progress_past_the_due_date_is_overdue_and_before_it_in_progress(people, modules):
    case_1, _ = modules
    assign(date(2026, 12, 1), module=case_1, user=people["team"])
    start(people["team"], case_1, date(2026, 11, 1))

    assert statuses()[("Tia Team", case_1.current_version.title)] == Status.IN_PROGRESS
    assert statuses(today=date(2026, 12, 2))[("Tia Team", case_1.current_version.title)] == Status.OVERDUE


def test_due_for_refresh_when_the_last_completion_is_older_than_the_interval(people, modules):
    case_1, _ = modules
    assign(date(2026, 1, 1), module=case_1, agency=people["team"].agency, refresh_months=6)
    complete(people["team"], case_1, date(2026, 3, 31))
    complete(people["agency"], case_1, date(2026, 4, 1))

    on_30_september = statuses(today=date(2026, 9, 30))
    assert on_30_september[("Tia Team", case_1.current_version.title)] == Status.DUE_FOR_REFRESH
    assert on_30_september[("Abe Agency", case_1.current_version.title)] == Status.COMPLETED


def test_a_withdrawn_assignment_sets_no_due_date_in_the_report_or_on_my_learning(people, modules):
    case_1, _ = modules
    assignment = assign(date(2026, 11, 1), module=case_1, team=people["team"].team)
    assignment.withdrawn_at = utcnow()
    db.session.commit()

    assert statuses()[("Tia Team", case_1.current_version.title)] == Status.NOT_STARTED
    [card] = [c for c in module_cards(people["team"], [case_1], TODAY)]
    assert card.due is None


def test_deactivated_people_leave_not_started_counts_but_keep_their_completions(people, modules):
    case_1, felix = modules
    complete(people["agency"], case_1, date(2026, 2, 1))
    people["agency"].active = False
    db.session.commit()

    found = statuses()

    assert found[("Abe Agency", case_1.current_version.title)] == Status.COMPLETED
    assert ("Abe Agency", felix.current_version.title) not in found


def test_the_report_agrees_with_my_learning_for_every_person_and_module(people, loaded_modules, create_user):
    modules = list(loaded_modules.values())
    theme = modules[2].current_version.themes[0]
    assign(TODAY - timedelta(days=3), module=modules[0], agency=people["team"].agency, refresh_months=12)
    assign(TODAY + timedelta(days=5), module=modules[0], team=people["team"].team)
    assign(TODAY - timedelta(days=3), theme=theme, team=people["agency"].team, refresh_months=3)
    assign(TODAY + timedelta(days=10), module=modules[1], user=people["other"], refresh_months=1)
    complete(people["team"], modules[0], TODAY - timedelta(days=400))
    complete(people["agency"], modules[2], TODAY - timedelta(days=100))
    complete(people["other"], modules[1], TODAY - timedelta(days=40))
    complete(people["other"], modules[4], TODAY - timedelta(days=40))
    start(people["agency"], modules[3], TODAY - timedelta(days=1))
    start(people["other"], modules[0], TODAY - timedelta(days=1))

    in_report = statuses()
    for person in people.values():
        for card in module_cards(person, modules, TODAY):
            assert in_report[(person.name, card.version.title)] == card.status, (person.name, card.version.title)
    assert set(in_report.values()) == set(Status)


def test_summary_counts_and_rates_per_agency(people, modules):
    case_1, felix = modules
    complete(people["team"], case_1, date(2026, 10, 1))
    complete(people["other"], case_1, date(2026, 10, 1))
    complete(people["other"], felix, date(2026, 10, 1))
    options = report_options(EVERYONE)
    filters = ReportFilters(module_id=case_1.id)

    with time_machine.travel(TODAY):
        report = completion_report(EVERYONE, filters, options, TODAY)

    by_name = {row.name: row for row in report.summary}
    assert by_name["Hackney Children and Families Service"].rate == 50
    assert by_name["Homerton Healthcare"].rate == 100
    assert report.total.total == 3 and report.total.counts[Status.COMPLETED] == 2


def test_completion_date_range_keeps_people_whose_last_completion_falls_in_it(people, modules):
    case_1, _ = modules
    complete(people["team"], case_1, date(2026, 3, 1))
    complete(people["agency"], case_1, date(2026, 6, 1))

    found = statuses(completed_from=date(2026, 5, 1), completed_to=date(2026, 6, 1))

    assert list(found) == [("Abe Agency", case_1.current_version.title)]
