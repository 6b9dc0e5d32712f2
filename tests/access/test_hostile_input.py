"""Hostile values in every query string never give a 500."""

from urllib.parse import urlencode

import pytest

from tests.access.test_access_table import TABLE, _request
from tests.access.test_csrf_and_safe_methods import allowed_person, people  # noqa: F401  (the fixture)


@pytest.mark.parametrize("value", ["\x00", "9" * 30, "%ff%fe", "<script>", "{{7*7}}", "' OR 1=1 --"])
def test_known_bad_values_in_every_query_string_never_give_500(app, people, value):  # noqa: F811
    failures = []
    for endpoint, entry in sorted(TABLE.items()):
        if entry.method != "GET":
            continue
        response = _request(app, endpoint, entry, allowed_person(entry, people), query=urlencode({"q": value}))
        if response.status_code >= 500:
            failures.append(f"{endpoint}: {response.status_code}")

    assert failures == []
