"""The manager's journey: assign a module to a team, see a learner's completion appear, download it; never answers."""

import io
import zipfile
from datetime import timedelta

from flask import url_for
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Answer, Assignment, Feedback, Team
from quizapp.models.types import utcnow
from tests.conftest import AuthActions, csrf_token, parse
from tests.integration.learner import Learner

CANARY = "CANARY-7f3a reflection text only the learner and trainers may read"


def assign_form(client, **values):
    page = client.get(url_for("reports.new_assignment"))
    data = {"csrf_token": csrf_token(page), **values}
    return client.post(url_for("reports.new_assignment"), data=data)


def due_fields(day):
    return {"due_on": [str(day.day), str(day.month), str(day.year)]}


def status_of(client, name, module_title):
    for tr in parse(client.get(url_for("reports.home"))).select("#people tbody tr"):
        cells = [td.get_text(" ", strip=True) for td in tr.select("td")]
        if cells[0] == name and cells[5] == module_title:
            return cells[6]
    return None


def test_assign_to_a_team_then_see_the_completion_and_download_it(app, client, auth, managers, create_user, module):
    learner_user = create_user(name="Sam Learner")
    learner = Learner(app.test_client(), learner_user)
    AuthActions(learner.client).sign_in(learner_user)
    auth.sign_in(managers["agency"])
    team = db.session.scalar(select(Team).where(Team.name == "Children in Need"))
    due = utcnow().date() + timedelta(days=14)

    response = assign_form(
        client, subject=f"module:{module.id}", target=f"team:{team.id}", refresh_months="12", **due_fields(due)
    )

    assert response.status_code == 302
    listing = parse(client.get(url_for("reports.assignments")))
    assert module.current_version.title in listing.select_one("#assignment-list").text
    my_learning = parse(learner.client.get(url_for("learn.my_learning")))
    assert module.current_version.title in my_learning.select_one("#assigned").find_next("ul").text
    assert status_of(client, "Sam Learner", module.current_version.title) == "Not started"

    attempt = learner.start(module)
    assert status_of(client, "Sam Learner", module.current_version.title) == "In progress"
    learner.complete_all_pages(attempt)
    learner.submit(attempt)

    assert status_of(client, "Sam Learner", module.current_version.title) == "Completed"
    csv_text = client.get(url_for("reports.download", fmt="csv", status="completed")).get_data(as_text=True)
    assert "Sam Learner" in csv_text and module.current_version.title in csv_text


def test_assignment_form_errors_are_explained_and_store_nothing(client, auth, managers, people, module):
    auth.sign_in(managers["team"])
    yesterday = utcnow().date() - timedelta(days=1)

    empty = parse(assign_form(client))
    past = parse(
        assign_form(
            client,
            subject=f"module:{module.id}",
            target="person",
            email="olu@example.org",
            refresh_months="x",
            **due_fields(yesterday),
        )
    )
    unreal = parse(
        assign_form(
            client, subject=f"module:{module.id}", target="person", email="tia@example.org", due_on=["31", "2", "2030"]
        )
    )

    assert {a.text for a in empty.select(".govuk-error-summary a")} == {
        "Select a module or theme to assign",
        "Select who must do the training",
        "Enter the date the training is due",
    }
    assert {a.text for a in past.select(".govuk-error-summary a")} == {
        "Due date must be today or in the future",
        "Refresh interval must be a whole number of months from 1 to 60",
    }
    assert "Due date must be a real date" in unreal.select_one(".govuk-error-summary").text
    assert db.session.scalar(select(Assignment.id)) is None


def test_a_person_outside_the_area_cannot_be_assigned_training(client, auth, managers, people, module):
    auth.sign_in(managers["team"])
    due = utcnow().date() + timedelta(days=5)

    page = parse(
        assign_form(client, subject=f"module:{module.id}", target="person", email="olu@example.org", **due_fields(due))
    )
    tampered = assign_form(
        client, subject=f"module:{module.id}", target=f"agency:{people['other'].agency_id}", **due_fields(due)
    )

    assert "Enter the e-mail address of someone in your area" in page.select_one(".govuk-error-summary").text
    assert "Select one of the options shown" in parse(tampered).select_one(".govuk-error-summary").text
    assert db.session.scalar(select(Assignment.id)) is None


def test_change_and_withdraw_an_assignment(app, client, auth, managers, people, module):
    auth.sign_in(managers["team"])
    due = utcnow().date() + timedelta(days=5)
    assign_form(client, subject=f"module:{module.id}", target="person", email="tia@example.org", **due_fields(due))
    assignment = db.session.scalar(select(Assignment))
    later = due + timedelta(days=30)

    change_page = client.get(url_for("reports.change_assignment_page", assignment_id=assignment.id))
    client.post(
        url_for("reports.change_assignment_page", assignment_id=assignment.id),
        data={"csrf_token": csrf_token(change_page), "refresh_months": "", **due_fields(later)},
    )
    db.session.refresh(assignment)
    assert assignment.due_on == later
    withdraw_page = client.get(url_for("reports.withdraw_assignment_page", assignment_id=assignment.id))
    client.post(
        url_for("reports.withdraw_assignment_page", assignment_id=assignment.id),
        data={"csrf_token": csrf_token(withdraw_page)},
    )

    db.session.refresh(assignment)
    assert assignment.withdrawn_at is not None
    assert parse(client.get(url_for("reports.assignments"))).select_one("#no-assignments")
    learner = Learner(app.test_client(), people["team"])
    AuthActions(learner.client).sign_in(people["team"])
    assert parse(learner.client.get(url_for("learn.my_learning"))).select_one("#assigned") is None


def test_no_answer_or_feedback_text_reaches_any_manager_page_or_export(
    app, client, auth, managers, create_user, module
):
    learner_user = create_user(name="Sam Learner")
    learner = Learner(app.test_client(), learner_user)
    AuthActions(learner.client).sign_in(learner_user)
    attempt = learner.start(module)
    learner.complete_all_pages(attempt)
    for answer in db.session.scalars(select(Answer).where(Answer.attempt_id == attempt.id)):
        if answer.text:
            answer.text = " ".join([CANARY] * (1 + len(answer.text) // len(CANARY)))  # as long as the questions ask
    db.session.add(Feedback(attempt_id=attempt.id, author_id=managers["agency"].id, text=CANARY))
    db.session.commit()
    learner.submit(attempt)
    auth.sign_in(managers["agency"])

    pages = [
        client.get(url_for("reports.home")),
        client.get(url_for("reports.person", user_id=learner_user.id)),
        client.get(url_for("reports.assignments")),
        client.get(url_for("reports.download", fmt="csv")),
        client.get(url_for("reports.person", user_id=999999)),
    ]
    workbook = client.get(url_for("reports.download", fmt="xlsx")).data
    certificate_link = parse(pages[1]).select_one("#completions a")["href"]
    certificate = client.get(certificate_link)

    assert [p.status_code for p in pages] == [200, 200, 200, 200, 404]
    assert certificate.status_code == 200 and certificate.mimetype == "application/pdf"
    for page in pages:
        assert "CANARY-7f3a" not in page.get_data(as_text=True)
    with zipfile.ZipFile(io.BytesIO(workbook)) as archive:
        assert all(b"CANARY-7f3a" not in archive.read(name) for name in archive.namelist())
    assert b"CANARY-7f3a" not in certificate.data
    assert "Sam Learner" in pages[1].get_data(as_text=True)
