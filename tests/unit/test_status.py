"""Derived statuses, computed as at a date."""

from datetime import date

import pytest

from quizapp.records.status import Due, Status, add_months, module_status

TODAY = date(2026, 11, 22)


@pytest.mark.parametrize(
    "due, completed_on, in_progress, expected",
    [
        (None, None, False, Status.NOT_STARTED),
        (None, None, True, Status.IN_PROGRESS),
        (Due(date(2026, 12, 1), None), None, False, Status.NOT_STARTED),
        (Due(date(2026, 11, 22), None), None, True, Status.IN_PROGRESS),
        (Due(date(2026, 11, 21), None), None, True, Status.OVERDUE),
        (Due(date(2026, 11, 21), None), date(2026, 11, 20), False, Status.COMPLETED),
        (Due(date(2026, 1, 1), 12), date(2025, 11, 23), False, Status.COMPLETED),
        (Due(date(2026, 1, 1), 12), date(2025, 11, 22), False, Status.DUE_FOR_REFRESH),
        (None, date(2020, 1, 1), False, Status.COMPLETED),
    ],
)
def test_module_status(due, completed_on, in_progress, expected):
    assert module_status(due, completed_on, in_progress, TODAY) == expected


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2026, 11, 22), 2, date(2027, 1, 22)),
        (date(2026, 3, 31), 12, date(2027, 3, 31)),
    ],
)
def test_add_months_clamps_to_the_end_of_the_month(start, months, expected):
    assert add_months(start, months) == expected


def test_every_status_has_its_own_tag_colour():
    from quizapp.records.status import Status

    colours = {status: status.tag_class for status in Status}

    assert len(set(colours.values())) == len(Status)
    assert colours[Status.OVERDUE] == "govuk-tag--red" and colours[Status.COMPLETED] == "govuk-tag--green"
