"""Finding, adding and editing people; roles and manager scope; deactivating, reactivating and unlocking."""

from flask import url_for
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import AuditEvent, Role, User
from quizapp.people.operations import ensure_agency, ensure_team
from tests.conftest import PASSWORD, csrf_token, parse


def form_data(page, **values):
    team = ensure_team(ensure_agency("Hackney Children and Families Service", "x"), "Children in Need")
    data = {
        "csrf_token": csrf_token(page),
        "name": "Dee Newperson",
        "email": "dee@example.org",
        "profession": "Health visitor",
        "team": f"{team.agency_id}:{team.id}",
        "roles": ["learner"],
    }
    data.update(values)
    return data


def events(action):
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action)).all()


def test_search_finds_by_name_or_email_a_page_at_a_time(client, admin, create_user):
    for n in range(30):
        create_user(email=f"nurse{n:02}@example.org", name=f"Nurse {n:02}")
    create_user(email="other@example.org", name="Someone Else")

    first = parse(client.get(url_for("admin.people", q="nurse")))
    second = parse(client.get(url_for("admin.people", q="NURSE", page=2)))

    assert "30 people found" in first.get_text()
    assert len(first.select("tbody tr")) == 25 and len(second.select("tbody tr")) == 5
    assert "Someone Else" not in first.get_text() + second.get_text()
    assert second.select_one(".govuk-pagination") is not None


def test_the_people_page_runs_the_same_number_of_queries_whatever_the_size(client, admin, create_user, count_queries):
    create_user()
    with count_queries() as few:
        client.get(url_for("admin.people"))
    for _ in range(30):
        create_user()
    with count_queries() as many:
        client.get(url_for("admin.people"))

    assert len(many) == len(few)


def test_an_admin_adds_a_person_with_no_password(client, admin):
    page = client.get(url_for("admin.new_person"))

    response = client.post(url_for("admin.new_person"), data=form_data(page))

    person = db.session.scalar(select(User).where(User.email == "dee@example.org"))
    assert response.headers["Location"].endswith(f"/admin/people/{person.id}")
    assert person.password_hash is None and person.roles == {"learner"} and person.team.name == "Children in Need"
    assert events("person_created")[0].subject_user_id == person.id


def test_bad_details_are_named_by_the_field_and_nothing_is_stored(client, admin, create_user):
    create_user(email="taken@example.org")
    page = client.get(url_for("admin.new_person"))
    cases = [
        ({"email": "not-an-email"}, "Enter an email address in the correct format"),
        ({"email": "TAKEN@example.org"}, "Someone else already has this email address"),
        ({"name": ""}, "Enter the person’s name"),
        ({"roles": []}, "Select at least one role"),
        ({"roles": ["wizard"]}, "Select roles from the list"),
        ({"team": "999:999"}, "Select an agency and team from the list"),
        ({"roles": ["manager"]}, "Select what this manager sees"),
    ]
    for values, message in cases:
        response = client.post(url_for("admin.new_person"), data=form_data(page, **values))
        assert response.status_code == 200, values
        assert message in parse(response).select_one(".govuk-error-summary").get_text(), values
    assert db.session.scalar(select(User).where(User.email == "dee@example.org")) is None


def test_roles_and_scope_changes_are_saved_and_audited(client, admin, create_user):
    person = create_user(email="dee@example.org")
    page = client.get(url_for("admin.edit_person", user_id=person.id))

    client.post(
        url_for("admin.edit_person", user_id=person.id),
        data=form_data(page, roles=["manager", "learner"], scope="team"),
    )

    db.session.refresh(person)
    assert person.roles == {"manager", "learner"} and person.manager_scope == "team"
    assert person.scope_team_id == person.team_id
    assert events("roles_changed")[0].details == {"before": ["learner"], "after": ["learner", "manager"]}
    assert events("scope_changed")[0].subject_user_id == person.id


def test_a_deactivated_person_cannot_sign_in_and_keeps_their_records(client, auth, admin, create_user):
    person = create_user(email="dee@example.org")
    page = client.get(url_for("admin.person", user_id=person.id))
    client.post(
        url_for("admin.person_action", user_id=person.id, action="deactivate"), data={"csrf_token": csrf_token(page)}
    )
    auth.sign_out()

    refused = auth.sign_in(person.email, PASSWORD)

    assert "Enter a correct email address and password" in refused.get_data(as_text=True)
    assert db.session.get(User, person.id).active is False
    auth.sign_in(admin)
    page = client.get(url_for("admin.person", user_id=person.id))
    client.post(
        url_for("admin.person_action", user_id=person.id, action="reactivate"), data={"csrf_token": csrf_token(page)}
    )
    auth.sign_out()
    assert auth.sign_in(person.email, PASSWORD).status_code == 302


def test_deactivating_ends_the_persons_current_session(app, admin, create_user):
    person = create_user(email="dee@example.org")
    theirs = app.test_client()
    from tests.conftest import AuthActions

    AuthActions(theirs).sign_in(person)
    assert theirs.get(url_for("learn.my_learning")).status_code == 200
    from quizapp.people import directory

    directory.deactivate(db.session.get(User, person.id), admin)
    db.session.commit()

    assert theirs.get(url_for("learn.my_learning")).status_code == 302


def test_a_locked_account_is_shown_and_can_be_unlocked(client, auth, admin, create_user):
    person = create_user(email="dee@example.org")
    for _ in range(5):
        auth.sign_out()
        auth.sign_in(person.email, "wrong password here")
    locked = events("account_locked")
    assert [event.subject_user_id for event in locked] == [person.id]
    auth.sign_in(admin)
    page = client.get(url_for("admin.person", user_id=person.id))
    assert "locked after repeated failed sign-ins" in parse(page).get_text()

    client.post(
        url_for("admin.person_action", user_id=person.id, action="unlock"), data={"csrf_token": csrf_token(page)}
    )

    db.session.refresh(person)
    assert person.locked_until is None
    assert events("account_unlocked")[0].actor_id == admin.id
    auth.sign_out()
    assert auth.sign_in(person.email, PASSWORD).status_code == 302


def test_an_action_without_the_csrf_token_changes_nothing(client, admin, create_user):
    person = create_user(email="dee@example.org")

    client.post(url_for("admin.person_action", user_id=person.id, action="deactivate"))

    assert db.session.get(User, person.id).active is True


def test_an_unknown_person_is_404(client, admin):
    assert client.get(url_for("admin.person", user_id=999)).status_code == 404


def test_a_manager_gets_403_on_the_people_pages(client, auth, create_user):
    auth.sign_in(create_user(roles=(Role.MANAGER,), email="m@example.org", manager_scope="agency"))

    assert client.get(url_for("admin.people")).status_code == 403


def test_a_manager_can_be_given_another_agency_or_team_to_see(client, admin, create_user):
    person = create_user(email="dee@example.org")
    other = ensure_team(ensure_agency("Homerton Healthcare", "health"), "Health Visiting")
    db.session.commit()
    page = client.get(url_for("admin.edit_person", user_id=person.id))

    client.post(
        url_for("admin.edit_person", user_id=person.id),
        data=form_data(page, roles=["manager"], scope="agency", scope_target=f"agency:{other.agency_id}"),
    )

    db.session.refresh(person)
    assert (person.manager_scope, person.scope_agency_id, person.scope_team_id) == ("agency", other.agency_id, None)
    again = parse(client.get(url_for("admin.edit_person", user_id=person.id)))
    assert again.select_one("#scope_target option[selected]")["value"] == f"agency:{other.agency_id}"


def test_a_scope_that_does_not_match_its_kind_or_the_list_is_explained(client, admin, create_user):
    person = create_user(email="dee@example.org")
    page = client.get(url_for("admin.edit_person", user_id=person.id))
    cases = [
        ({"scope": "team", "scope_target": f"agency:{person.agency_id}"}, "Select a team for a manager"),
        ({"scope": "agency", "scope_target": f"team:{person.team_id}"}, "Select an agency for a manager"),
        ({"scope": "agency", "scope_target": "agency:99999"}, "Select an agency or team from the list"),
        ({"roles": ["learner"], "scope_target": "team:99999"}, "Select an agency or team from the list"),
    ]
    for values, message in cases:
        data = form_data(page, **{"roles": ["manager"], **values})
        response = client.post(url_for("admin.edit_person", user_id=person.id), data=data)
        assert response.status_code == 200, values
        assert message in parse(response).select_one(".govuk-error-summary").get_text(), values


def test_an_admin_resets_a_persons_second_factor_and_it_is_audited(client, admin, create_user):
    import pyotp

    from quizapp.models.types import utcnow
    from quizapp.people import two_factor

    person = create_user(email="tf@example.org", roles=(Role.TRAINER,))
    secret = two_factor.new_secret()
    assert two_factor.confirm_set_up(person, secret, pyotp.TOTP(secret).now(), utcnow())
    db.session.commit()
    page = client.get(url_for("admin.person", user_id=person.id))
    assert "Reset two-factor sign-in" in parse(page).get_text()

    client.post(
        url_for("admin.person_action", user_id=person.id, action="reset_two_factor"),
        data={"csrf_token": csrf_token(page)},
    )

    assert not two_factor.has_two_factor(db.session.get(User, person.id))
    [event] = events("two_factor_reset")
    assert (event.actor_id, event.subject_user_id) == (admin.id, person.id)
    after = parse(client.get(url_for("admin.person", user_id=person.id))).get_text()
    assert "Reset two-factor sign-in" not in after
