"""The report's refresh cutoff agrees with add_months, the rule My learning uses, for every day and interval."""

from datetime import date, timedelta

from hypothesis import given
from hypothesis import strategies as st

from quizapp.records.dues import refresh_cutoff
from quizapp.records.status import add_months


@given(st.dates(min_value=date(2001, 1, 1), max_value=date(2099, 12, 31)), st.integers(min_value=1, max_value=60))
def test_the_cutoff_is_the_last_completion_day_due_for_refresh(today, months):
    cutoff = refresh_cutoff(today, months)

    assert add_months(cutoff, months) <= today
    assert add_months(cutoff + timedelta(days=1), months) > today


def test_a_completion_on_31_march_is_due_for_refresh_on_30_september_after_6_months():
    assert refresh_cutoff(date(2026, 9, 30), 6) == date(2026, 3, 31)
    assert refresh_cutoff(date(2026, 9, 29), 6) == date(2026, 3, 29)
