"""The manager's pages and downloads run the same number of SQL statements whatever the number of people."""

from datetime import date, timedelta

from flask import url_for

from tests.integration.records_factory import assign, complete, start


def add_people(create_user, modules, first: int, count: int) -> list:
    people = []
    for n in range(first, first + count):
        person = create_user(
            name=f"Learner {n:03d}", team="Children in Need" if n % 2 else "Assessment and Intervention"
        )
        complete(person, modules[n % len(modules)], date(2026, 1, 1) + timedelta(days=n))
        start(person, modules[(n + 1) % len(modules)], date(2026, 2, 1))
        people.append(person)
    assign(date(2026, 3, 1) + timedelta(days=first), module=modules[first % len(modules)], user=people[0])
    assign(date(2026, 3, 1), module=modules[(first + 2) % len(modules)], team=people[0].team, refresh_months=6)
    return people


def statements(client, count_queries, url) -> int:
    with count_queries() as counted:
        response = client.get(url)
        response.get_data()
    assert response.status_code == 200
    return len(counted)


def test_query_counts_stay_the_same_as_the_partnership_grows(
    client, auth, managers, create_user, loaded_modules, count_queries
):
    modules = list(loaded_modules.values())
    few = add_people(create_user, modules, 0, 3)
    auth.sign_in(managers["agency"])
    urls = [
        url_for("reports.home"),
        url_for("reports.home", status="completed", page=2),
        url_for("reports.home", completed_from=["1", "1", "2026"], completed_to=["31", "12", "2026"]),
        url_for("reports.download", fmt="csv", status="overdue", completed_from=["1", "1", "2026"]),
        url_for("reports.download", fmt="csv"),
        url_for("reports.download", fmt="xlsx"),
        url_for("reports.person", user_id=few[0].id),
        url_for("reports.assignments"),
    ]
    small = [statements(client, count_queries, url) for url in urls]

    add_people(create_user, modules, 3, 40)
    large = [statements(client, count_queries, url) for url in urls]

    assert large == small
    assert max(small) <= 26
