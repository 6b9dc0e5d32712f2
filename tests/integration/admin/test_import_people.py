"""Importing staff: every bad row named by row and column, nothing stored until the file is clean, idempotent."""

import pytest
from flask import url_for
from sqlalchemy import func, select

from quizapp.extensions import db
from quizapp.models import AuditEvent, OutboxMessage, PeopleImport, Role, User
from quizapp.people.operations import ensure_agency, ensure_team
from tests.conftest import csrf_token, parse
from tests.integration.admin.helpers import AGENCY, csv_bytes, link_in, staff, xlsx_bytes

BAD_ROWS = [
    (["", "No Email", AGENCY, "", "", ""], "Email", "Enter an email address"),
    (["not-an-address", "Bad Email", AGENCY, "", "", ""], "Email", "is not an email address"),
    (["worker1@example.org", "Twice", AGENCY, "", "", ""], "Email", "is also on row 2"),
    (["noname@example.org", "", AGENCY, "", "", ""], "Name", "Enter the person’s name"),
    (["longname@example.org", "x" * 201, AGENCY, "", "", ""], "Name", "200 characters or fewer"),
    (["noagency@example.org", "No Agency", "", "", "", ""], "Agency", "Enter the person’s agency"),
    (["ghost@example.org", "Ghost Agency", "Ministry of Magic", "", "", ""], "Agency", "There is no agency called"),
    (["ghostteam@example.org", "Ghost Team", AGENCY, "Quidditch", "", ""], "Team", "has no team called"),
    (["prof@example.org", "Long Profession", AGENCY, "", "p" * 101, ""], "Profession", "100 characters or fewer"),
    (["role@example.org", "Bad Role", AGENCY, "", "", "wizard"], "Roles", "“wizard” is not a role"),
]


@pytest.fixture
def organisation(app):
    agency = ensure_agency(AGENCY, "children's social care")
    ensure_team(agency, "Children in Need")
    retired = ensure_team(agency, "Old Team")
    retired.retired_at = retired.agency.retired_at or db.func.now()
    db.session.commit()


def upload(client, data: bytes, filename="staff.csv"):
    page = client.get(url_for("admin.import_people"))
    return client.post(
        url_for("admin.import_people"),
        data={"csrf_token": csrf_token(page), "file": (__import__("io").BytesIO(data), filename)},
        content_type="multipart/form-data",
    )


def confirm(client, response, invite=True):
    preview_url = response.headers["Location"]
    page = client.get(preview_url)
    data = {"csrf_token": csrf_token(page)}
    if invite:
        data["invite"] = "y"
    return client.post(preview_url, data=data)


def problems(response) -> list[tuple[str, str, str]]:
    table = parse(response).select_one("#problems")
    assert table is not None, "no table of problems"
    return [tuple(td.get_text(strip=True) for td in tr.select("td")) for tr in table.select("tbody tr")]


def people_count() -> int:
    return db.session.scalar(select(func.count(User.id)))


@pytest.mark.parametrize("make", [csv_bytes, xlsx_bytes], ids=["csv", "xlsx"])
def test_every_kind_of_bad_row_is_named_by_row_and_column_and_nothing_is_stored(client, admin, organisation, make):
    rows = staff(1) + [row for row, _, _ in BAD_ROWS]
    before = people_count()

    response = upload(client, make(rows), "staff.csv" if make is csv_bytes else "staff.xlsx")

    assert response.status_code == 200
    found = problems(response)
    for number, (_, column, words) in enumerate(BAD_ROWS, start=3):
        assert any(row == str(number) and col == column and words in text for row, col, text in found), (
            number,
            column,
            found,
        )
    assert len(found) == len(BAD_ROWS)
    assert parse(response).select_one(".govuk-error-summary") is not None
    assert parse(response).title.get_text().startswith("Error:")
    assert people_count() == before
    assert db.session.scalar(select(func.count(PeopleImport.id))) == 0


def test_a_retired_team_is_refused(client, admin, organisation):
    response = upload(client, csv_bytes([["a@example.org", "A", AGENCY, "Old Team", "", ""]]))

    assert problems(response) == [("2", "Team", f"{AGENCY} has no team called “Old Team”")]


@pytest.mark.parametrize(
    ("data", "filename", "message"),
    [
        (b"", "staff.csv", "The selected file is empty"),
        (b"Surname,Forename\nSmith,Jo\n", "staff.csv", "it has no Email or Name or Agency column"),
        (b"%PDF-1.4", "staff.pdf", "must be a CSV or an Excel"),
        (b"not a zip file", "staff.xlsx", "could not be opened as an Excel file"),
        (b"Email,Name,Agency\n", "staff.csv", "The file has no people in it"),
    ],
)
def test_a_file_that_is_not_a_table_of_people_says_why(client, admin, organisation, data, filename, message):
    response = upload(client, data, filename)

    assert response.status_code == 200
    assert message in parse(response).select_one(".govuk-error-summary").get_text()


def test_no_file_chosen_asks_for_one(client, admin):
    page = client.get(url_for("admin.import_people"))
    response = client.post(url_for("admin.import_people"), data={"csrf_token": csrf_token(page)})

    assert "Select a CSV or Excel file of staff" in parse(response).select_one(".govuk-error-summary").get_text()


def test_a_clean_file_is_previewed_then_imported_and_new_people_invited(client, admin, organisation, mail_server):
    rows = staff(3) + [["boss@example.org", "Bo Boss", AGENCY, "Children in Need", "Team manager", "manager; learner"]]

    response = upload(client, csv_bytes(rows))
    assert response.status_code == 302
    preview = parse(client.get(response.headers["Location"]))
    assert "New people" in preview.get_text() and people_count() == 1, "nothing is stored before confirming"

    done = confirm(client, response)

    assert done.status_code == 302
    boss = db.session.scalar(select(User).where(User.email == "boss@example.org"))
    assert boss.roles == {Role.MANAGER, Role.LEARNER} and boss.manager_scope == "agency"
    assert boss.team.name == "Children in Need" and boss.profession == "Team manager"
    assert boss.password_hash is None
    assert len(mail_server.messages) == 4
    assert link_in(mail_server.to("worker2@example.org")[0]).startswith("/set-password/")
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "people_imported"))
    assert (event.actor_id, event.details["created"], event.details["updated"]) == (admin.id, 4, 0)


def test_importing_the_same_file_again_changes_nothing(client, admin, organisation):
    data = csv_bytes(staff(5))
    confirm(client, upload(client, data), invite=False)
    snapshot = db.session.execute(select(User.email, User.name, User.team_id, User.profession)).all()

    response = upload(client, data)
    assert "People already up to date" in parse(client.get(response.headers["Location"])).get_text()
    confirm(client, response, invite=False)

    assert db.session.execute(select(User.email, User.name, User.team_id, User.profession)).all() == snapshot
    last = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "people_imported")).all()[-1]
    assert (last.details["created"], last.details["updated"], last.details["unchanged"]) == (0, 0, 5)
    assert db.session.scalar(select(func.count(OutboxMessage.id))) == 0


def test_existing_people_are_updated_not_duplicated_and_role_changes_audited(client, admin, organisation, create_user):
    existing = create_user(email="Worker1@Example.org", name="Old Name", profession="Old job")

    confirm(client, upload(client, csv_bytes([["WORKER1@example.org", "New Name", AGENCY, "", "Nurse", "trainer"]])))

    db.session.refresh(existing)
    assert db.session.scalar(select(func.count(User.id)).where(func.lower(User.email) == "worker1@example.org")) == 1
    assert (existing.name, existing.profession, existing.team_id, existing.roles) == (
        "New Name",
        "Nurse",
        None,
        {"trainer"},
    )
    assert existing.check_password("correct horse battery staple"), "an update keeps the person's password"
    assert (
        db.session.scalar(select(AuditEvent).where(AuditEvent.action == "roles_changed")).subject_user_id == existing.id
    )


def test_a_file_that_went_stale_before_confirming_is_checked_again(client, admin, organisation):
    response = upload(client, csv_bytes(staff(2)))
    team = db.session.scalar(select(User).where(User.id == admin.id)).team
    team.retired_at = db.func.now()
    db.session.commit()

    done = confirm(client, response)

    assert done.status_code == 200
    assert problems(done)[0][1] == "Team"
    assert people_count() == 1


def test_a_file_never_confirmed_is_forgotten_after_a_day(client, admin, organisation):
    from datetime import timedelta

    from quizapp.models.types import utcnow
    from quizapp.people.bulk_import import stage_import

    old = stage_import("old.csv", staff(1), admin, utcnow() - timedelta(days=2))
    db.session.commit()
    assert old.id

    assert upload(client, csv_bytes(staff(1))).status_code == 302

    assert db.session.scalars(select(PeopleImport.filename)).all() == ["staff.csv"]
