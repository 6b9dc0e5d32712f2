"""Agencies and teams: add, rename, merge and retire, keeping every record and its history."""

from datetime import date

from flask import url_for
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Agency, Assignment, AuditEvent, Role, Team, Theme, User
from quizapp.models.types import utcnow
from quizapp.people import organisation as org
from quizapp.people.operations import ensure_agency, ensure_team
from tests.conftest import csrf_token, parse


def test_an_admin_adds_an_agency_with_its_kind_and_a_team(client, admin):
    page = client.get(url_for("admin.new_agency"))
    response = client.post(
        url_for("admin.new_agency"), data={"csrf_token": csrf_token(page), "name": "Hackney CAMHS", "kind": "health"}
    )
    agency = db.session.scalar(select(Agency).where(Agency.name == "Hackney CAMHS"))
    page = client.get(response.headers["Location"])

    client.post(url_for("admin.new_team", agency_id=agency.id), data={"csrf_token": csrf_token(page), "name": "Tier 3"})

    assert agency.kind == "health"
    assert [team.name for team in db.session.scalars(select(Team).where(Team.agency_id == agency.id))] == ["Tier 3"]
    assert "Hackney CAMHS" in parse(client.get(url_for("admin.organisation"))).get_text()


def test_names_are_required_unique_and_kinds_from_the_list(client, admin):
    ensure_agency("Hackney Education", "education")
    db.session.commit()
    page = client.get(url_for("admin.new_agency"))
    cases = [
        ({"name": "", "kind": "health"}, "Enter the agency’s name"),
        ({"name": "hackney education", "kind": "education"}, "There is already one with this name"),
        ({"name": "New", "kind": "wizardry"}, "Not a valid choice"),
        ({"name": "New"}, "Select the kind of agency"),
    ]
    for values, message in cases:
        response = client.post(url_for("admin.new_agency"), data={"csrf_token": csrf_token(page), **values})
        assert response.status_code == 200
        assert message in parse(response).select_one(".govuk-error-summary").get_text(), values


def test_renaming_an_agency_keeps_its_people(client, admin, create_user):
    person = create_user(agency="Old Name")
    page = client.get(url_for("admin.agency", agency_id=person.agency_id))

    client.post(
        url_for("admin.agency", agency_id=person.agency_id),
        data={"csrf_token": csrf_token(page), "name": "New Name", "kind": "police"},
    )

    assert db.session.get(User, person.id).agency.name == "New Name"
    assert (
        db.session.scalar(select(AuditEvent.details).where(AuditEvent.action == "agency_edited"))["before"]
        == "Old Name"
    )


def test_merging_teams_moves_people_scopes_and_assignments_and_keeps_the_old_team(app, admin, create_user):
    worker = create_user(team="East")
    boss = create_user(roles=(Role.MANAGER,), team="East", manager_scope="team")
    east = worker.team
    west = ensure_team(east.agency, "West")
    theme = Theme(slug="the-silent-child", name="The silent child")
    db.session.add(theme)
    db.session.flush()
    assignment = Assignment(theme_id=theme.id, team_id=east.id, due_on=date(2027, 1, 1))
    db.session.add(assignment)
    db.session.commit()

    moved = org.merge_teams(east, west, admin, utcnow())
    db.session.commit()

    assert moved == 2
    assert db.session.get(User, worker.id).team_id == west.id
    assert db.session.get(User, boss.id).scope_team_id == west.id
    assert db.session.get(Assignment, assignment.id).team_id == west.id
    assert db.session.get(Team, east.id).retired_at is not None, "the old team is kept, retired"
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "team_merged"))
    assert event.details["into"] == "West" and event.details["people"] == 2


def test_merging_agencies_moves_teams_and_joins_teams_of_the_same_name(admin, create_user):
    a = create_user(agency="Old Trust", team="Health Visiting")
    b = create_user(agency="Old Trust", team="School Nursing")
    target = ensure_agency("New Trust", "health")
    same_name = ensure_team(target, "Health Visiting")

    org.merge_agencies(a.agency, target, admin, utcnow())
    db.session.commit()

    a, b = db.session.get(User, a.id), db.session.get(User, b.id)
    assert (a.agency_id, a.team_id) == (target.id, same_name.id)
    assert (b.agency_id, b.team.name) == (target.id, "School Nursing")
    old = db.session.scalar(select(Agency).where(Agency.name == "Old Trust"))
    assert old.retired_at is not None


def test_merging_into_itself_is_refused(client, admin, create_user):
    person = create_user()
    page = client.get(url_for("admin.merge", kind="teams", item_id=person.team_id))

    response = client.post(
        url_for("admin.merge", kind="teams", item_id=person.team_id),
        data={"csrf_token": csrf_token(page), "into": person.team_id},
    )

    assert "Select where to merge it" in parse(response).select_one(".govuk-error-summary").get_text()


def test_a_retired_team_keeps_its_people_and_cannot_be_chosen_for_new_ones(client, admin, create_user):
    person = create_user(team="Closing")
    page = client.get(url_for("admin.team", team_id=person.team_id))

    client.post(
        url_for("admin.retire", kind="teams", item_id=person.team_id, action="retire"),
        data={"csrf_token": csrf_token(page)},
    )

    assert db.session.get(User, person.id).team.retired_at is not None
    form = parse(client.get(url_for("admin.new_person")))
    assert "Closing" not in form.select_one("select[name=team]").get_text()


def test_the_organisation_page_runs_the_same_queries_however_many_agencies(client, admin, count_queries):
    with count_queries() as few:
        client.get(url_for("admin.organisation"))
    for n in range(10):
        ensure_team(ensure_agency(f"Agency {n}", "health"), "Team")
    db.session.commit()
    with count_queries() as many:
        client.get(url_for("admin.organisation"))

    assert len(many) == len(few)
