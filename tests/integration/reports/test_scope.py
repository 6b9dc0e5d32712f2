"""Each manager sees their own area and nothing else: out-of-scope people, filters and exports answer 404."""

from datetime import date

import pytest
from flask import url_for

from quizapp.extensions import db
from quizapp.models import Agency, Team
from tests.conftest import parse
from tests.integration.records_factory import assign, complete

SEES = {
    "team": {"Tia Team"},
    "agency": {"Tia Team", "Abe Agency"},
    "partnership": {"Tia Team", "Abe Agency", "Olu Other"},
}


def names_on(response) -> set[str]:
    return {row.select_one("td a").text for row in parse(response).select("#people tbody tr")}


def csv_names(response) -> set[str]:
    lines = response.get_data(as_text=True).lstrip("\ufeff").splitlines()[1:]
    return {line.split(",")[0] for line in lines}


@pytest.mark.parametrize("kind", ["team", "agency", "partnership"])
def test_the_report_and_its_downloads_show_only_the_managers_area(client, auth, managers, people, module, kind):
    auth.sign_in(managers[kind])

    page = client.get(url_for("reports.home"))
    download = client.get(url_for("reports.download", fmt="csv"))

    assert page.status_code == 200
    assert names_on(page) == SEES[kind]
    assert csv_names(download) == SEES[kind]


@pytest.mark.parametrize("kind", ["team", "agency", "partnership"])
def test_a_persons_record_outside_the_area_answers_404(client, auth, managers, people, module, kind):
    completion = complete(people["other"], module, date(2026, 1, 1))
    auth.sign_in(managers[kind])

    record = client.get(url_for("reports.person", user_id=people["other"].id))
    certificate = client.get(url_for("reports.certificate", user_id=people["other"].id, completion_id=completion.id))

    expected = 200 if kind == "partnership" else 404
    assert (record.status_code, certificate.status_code) == (expected, expected)


def test_a_certificate_must_belong_to_the_person_in_the_url(client, auth, managers, people, module):
    theirs = complete(people["agency"], module, date(2026, 1, 1))
    auth.sign_in(managers["team"])

    response = client.get(url_for("reports.certificate", user_id=people["team"].id, completion_id=theirs.id))

    assert response.status_code == 404


def test_out_of_scope_filter_values_answer_404_on_the_page_and_the_downloads(client, auth, managers, people, module):
    other_agency = db.session.scalar(db.select(Agency).where(Agency.name == "Homerton Healthcare"))
    other_team = db.session.scalar(db.select(Team).where(Team.name == "Assessment and Intervention"))
    auth.sign_in(managers["team"])

    for args in ({"agency": other_agency.id}, {"team": other_team.id}, {"module": 99999}, {"status": "lost"}):
        for endpoint, extra in (
            ("reports.home", {}),
            ("reports.download", {"fmt": "csv"}),
            ("reports.download", {"fmt": "xlsx"}),
        ):
            assert client.get(url_for(endpoint, **extra, **args)).status_code == 404, (endpoint, args)
    assert client.get(url_for("reports.home", profession="Health visitor")).status_code == 404


def test_in_scope_filters_narrow_the_list(client, auth, managers, people, module):
    team = people["agency"].team
    auth.sign_in(managers["agency"])

    response = client.get(url_for("reports.home", team=team.id))

    assert names_on(response) == {"Abe Agency"}
    assert [th.text for th in parse(response).select("#summary tbody th")] == [
        "Assessment and Intervention",
        "All shown",
    ]


def test_a_manager_without_an_area_sees_nobody(client, auth, create_user, people, module):
    from quizapp.models import Role

    nobody = create_user(roles=(Role.MANAGER,))
    auth.sign_in(nobody)

    page = client.get(url_for("reports.home"))

    assert page.status_code == 200 and names_on(page) == set()
    assert client.get(url_for("reports.person", user_id=people["team"].id)).status_code == 404


@pytest.mark.parametrize("kind", ["team", "agency"])
def test_assignments_outside_the_area_cannot_be_seen_changed_or_withdrawn(client, auth, managers, people, module, kind):
    elsewhere = assign(date(2030, 1, 1), module=module, agency=people["other"].agency)
    auth.sign_in(managers[kind])

    listing = parse(client.get(url_for("reports.assignments")))
    change = client.get(url_for("reports.change_assignment_page", assignment_id=elsewhere.id))
    withdraw = client.get(url_for("reports.withdraw_assignment_page", assignment_id=elsewhere.id))

    assert listing.select("#assignment-list tbody tr") == []
    assert (change.status_code, withdraw.status_code) == (404, 404)
