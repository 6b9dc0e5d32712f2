"""The summary remembered per process: served again while nothing it counts changes, counted afresh after any change.

Each test changes one thing the summary depends on, and checks that the summary served afterwards differs from the
one before and equals one counted from scratch. A change the remembered summary missed would serve the old figures.
"""

from datetime import UTC, date, datetime

import pytest
from flask import url_for
from sqlalchemy import delete, select, text, update

from quizapp.extensions import db
from quizapp.models import Assignment, Attempt, AttemptState, LastCompletion, ReportChanges, Role, Scope, User, UserRole
from quizapp.people.operations import ensure_team
from quizapp.records.report import ReportFilters, report_options, report_summary
from quizapp.records.report_remembered import forget_summaries
from quizapp.records.scope import ManagerScope, covers_area, people_in
from tests.conftest import AuthActions, parse
from tests.integration.learner import Learner
from tests.integration.records_factory import assign, complete, start

TODAY = date(2026, 6, 1)
PARTNERSHIP = ManagerScope(Scope.PARTNERSHIP)
EVERYONE = ReportFilters()


def figures(scope=PARTNERSHIP, filters=EVERYONE, today=TODAY) -> list:
    """Return every figure of the summary: per group and in total."""
    summary, total = report_summary(scope, filters, report_options(scope), today)
    return [(row.name, row.people, row.total, dict(row.counts)) for row in [*summary, total]]


def counting(statements: list[str]) -> bool:
    """Say whether the summary was counted: its query groups people by class."""
    return any("GROUP BY users.agency_id" in statement for statement in statements)


@pytest.fixture
def partnership(create_user, loaded_modules):
    """Three learners in two agencies, one module completed long ago, one started, one assigned with a refresh."""
    modules = list(loaded_modules.values())
    tia = create_user(name="Tia Team")
    abe = create_user(name="Abe Agency", team="Assessment and Intervention")
    olu = create_user(name="Olu Other", agency="Homerton Healthcare", team="Health Visiting", profession="Nurse")
    complete(tia, modules[0], date(2024, 1, 10))
    start(abe, modules[1], date(2026, 5, 1))
    assign(date(2026, 9, 1), module=modules[0], team=tia.team, refresh_months=12)
    forget_summaries()
    return {"tia": tia, "abe": abe, "olu": olu, "modules": modules}


@pytest.fixture
def served_afresh(count_queries):
    """Return a check: the change moves the figures, and those served after it are the ones counted from scratch."""

    def check(change, **query) -> None:
        before = figures(**query)
        with count_queries() as remembered:
            assert figures(**query) == before
        forget_summaries()
        with count_queries() as counted:
            assert figures(**query) == before
        assert counting(counted) and not counting(remembered)  # the second was served remembered

        change()
        db.session.commit()
        after = figures(**query)
        forget_summaries()
        assert after == figures(**query)
        assert after != before

    return check


def test_a_new_learner_is_counted(partnership, create_user, served_afresh):
    served_afresh(lambda: create_user(name="Nia New"))


def test_a_deactivated_learner_drops_out(partnership, served_afresh):
    served_afresh(lambda: setattr(partnership["abe"], "active", False))


def test_a_move_to_another_team_moves_the_figures(partnership, served_afresh):
    agency_manager = ManagerScope(Scope.AGENCY, agency_id=partnership["tia"].agency_id)
    other_team = ensure_team(partnership["tia"].agency, "Assessment and Intervention")
    served_afresh(lambda: setattr(partnership["tia"], "team_id", other_team.id), scope=agency_manager)


def test_a_move_to_another_agency_moves_the_figures(partnership, served_afresh):
    served_afresh(lambda: setattr(partnership["olu"], "agency_id", partnership["tia"].agency_id))


def test_a_new_profession_changes_a_profession_filter(partnership, served_afresh):
    served_afresh(lambda: setattr(partnership["tia"], "profession", "Nurse"), filters=ReportFilters(profession="Nurse"))


def test_a_learner_role_taken_away_drops_the_person(partnership, served_afresh):
    served_afresh(lambda: partnership["olu"].set_roles([Role.TRAINER]))


def test_a_completion_is_counted(partnership, served_afresh):
    served_afresh(lambda: complete(partnership["olu"], partnership["modules"][2], date(2026, 5, 20)))


def test_a_later_completion_ends_due_for_refresh(partnership, served_afresh):
    served_afresh(lambda: complete(partnership["tia"], partnership["modules"][0], date(2026, 5, 20)))


def test_a_started_attempt_is_in_progress(partnership, served_afresh):
    served_afresh(lambda: start(partnership["olu"], partnership["modules"][3], date(2026, 5, 25)))


def test_a_submitted_attempt_is_no_longer_in_progress(partnership, served_afresh):
    submit = update(Attempt).where(Attempt.user_id == partnership["abe"].id).values(state=AttemptState.SUBMITTED)
    served_afresh(lambda: db.session.execute(submit))


def test_a_deleted_attempt_is_no_longer_in_progress(partnership, served_afresh):
    served_afresh(lambda: db.session.execute(delete(Attempt).where(Attempt.user_id == partnership["abe"].id)))


def test_a_last_completion_moved_to_another_person_moves_the_figures(partnership, served_afresh):
    # As erasing a person moves their records to the stand-in.
    move = update(LastCompletion).where(LastCompletion.user_id == partnership["tia"].id)
    served_afresh(lambda: db.session.execute(move.values(user_id=partnership["olu"].id)))


def test_a_deleted_person_drops_out(partnership, served_afresh):
    olu = partnership["olu"].id

    def remove():
        db.session.execute(delete(UserRole).where(UserRole.user_id == olu))
        db.session.execute(delete(User).where(User.id == olu))

    served_afresh(remove)


def test_plain_sql_is_seen_too(partnership, served_afresh):
    deactivate = text("UPDATE users SET active = :no WHERE id = :id").bindparams(no=False, id=partnership["abe"].id)
    served_afresh(lambda: db.session.execute(deactivate))


def test_a_new_assignment_makes_people_overdue(partnership, served_afresh):
    served_afresh(lambda: assign(date(2026, 5, 1), module=partnership["modules"][4], agency=partnership["olu"].agency))


def test_a_withdrawn_assignment_ends_due_for_refresh(partnership, served_afresh):
    def withdraw():
        for assignment in db.session.scalars(select(Assignment)):
            assignment.withdrawn_at = datetime(2026, 5, 31, tzinfo=UTC)

    served_afresh(withdraw)


def test_a_due_date_passing_makes_people_overdue(partnership, count_queries):
    # Nothing is written: the day after the due date the same records are overdue.
    assign(date(2026, 9, 1), module=partnership["modules"][4], agency=partnership["olu"].agency)
    on_the_day = figures(today=date(2026, 9, 1))
    with count_queries() as remembered:
        assert figures(today=date(2026, 9, 1)) == on_the_day
    day_after = figures(today=date(2026, 9, 2))
    assert day_after != on_the_day
    forget_summaries()
    with count_queries() as counted:
        assert figures(today=date(2026, 9, 2)) == day_after
    assert counting(counted) and not counting(remembered)


def test_a_filter_on_one_module_counts_that_module_only(partnership, served_afresh):
    everything = figures()
    one = figures(filters=ReportFilters(module_id=partnership["modules"][0].id))
    assert one != everything
    forget_summaries()
    assert one == figures(filters=ReportFilters(module_id=partnership["modules"][0].id))


def numbers() -> dict[tuple[int, int], int]:
    """Return the number of changes of every area (agency and team ids)."""
    rows = db.session.execute(select(ReportChanges.agency_id, ReportChanges.team_id, ReportChanges.number))
    return {(agency, team): number for agency, team, number in rows}


def area(person: User) -> tuple[int, int]:
    return (person.agency_id or 0, person.team_id or 0)


def test_a_change_to_anything_else_keeps_the_summary(partnership, count_queries):
    figures()
    before = numbers()
    partnership["tia"].name = "Tia Renamed"
    partnership["abe"].failed_sign_ins = 2
    db.session.commit()
    assert numbers() == before
    with count_queries() as counted:
        figures()
    assert not counting(counted)


def test_a_change_rolled_back_keeps_the_number_and_one_committed_moves_it(partnership):
    before = numbers()
    partnership["tia"].active = False
    db.session.flush()
    db.session.rollback()
    assert numbers() == before

    partnership["tia"].active = False
    db.session.commit()
    tias = area(partnership["tia"])
    after = numbers()
    assert after[tias] > before[tias] and {**after, tias: 0} == {**before, tias: 0}  # Tia's team only


def test_every_area_with_people_has_a_number_and_a_move_moves_both(partnership, create_user):
    people = db.session.execute(select(User.agency_id, User.team_id)).all()
    assert set(numbers()) == {(agency or 0, team or 0) for agency, team in people}
    newcomer = create_user(name="Ned New", agency="Met Police", team="Child Abuse Investigation")
    db.session.commit()
    assert area(newcomer) in numbers()

    before, olus = numbers(), area(partnership["olu"])
    partnership["olu"].agency_id, partnership["olu"].team_id = newcomer.agency_id, newcomer.team_id
    db.session.commit()
    after = numbers()
    assert after[olus] > before[olus] and after[area(newcomer)] > before[area(newcomer)]
    assert {a: n for a, n in after.items() if a not in (olus, area(newcomer))} == {
        a: n for a, n in before.items() if a not in (olus, area(newcomer))
    }


def test_a_change_in_one_team_counts_that_team_again_and_no_other(partnership, count_queries):
    before = figures()
    start(partnership["olu"], partnership["modules"][3], date(2026, 5, 25))
    db.session.commit()
    with count_queries() as statements:
        after = figures()
    counting_statements = [statement for statement in statements if counting([statement])]
    assert len(counting_statements) == 1 and "users.team_id =" in counting_statements[0]
    assert after != before
    forget_summaries()
    with count_queries() as statements:
        assert figures() == after  # the same as every area counted afresh
    assert "users.team_id =" not in next(statement for statement in statements if counting([statement]))


def test_on_postgresql_an_unfinished_change_holds_up_no_other_change(partnership, create_user):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("SQLite has one writer at a time whatever the triggers do")
    db.session.commit()
    person = create_user(name="Una Other")
    db.session.commit()
    tias = area(partnership["tia"])
    assert area(person) == tias  # the same area: its row is the one both commits move on
    number = numbers()[tias]
    with db.engine.connect() as long_import, db.engine.connect() as learner:
        # A long transaction (a bulk import, say) has changed a person and not committed yet ...
        long_import.execute(update(User).where(User.id == partnership["tia"].id).values(profession="Counsellor"))
        # ... meanwhile another person's change commits at once: the one row is locked only while committing.
        learner.execute(text("SET lock_timeout = '2s'"))
        learner.execute(update(User).where(User.id == person.id).values(active=False))
        learner.commit()
        long_import.commit()
    db.session.rollback()
    assert numbers()[tias] == number + 2


def summary_rows(client) -> list[list[str]]:
    page = parse(client.get(url_for("reports.home")))
    return [[cell.get_text(" ", strip=True) for cell in tr.select("th, td")] for tr in page.select("#summary tbody tr")]


def test_the_page_shows_a_learner_starting_and_submitting_at_once(app, client, auth, managers, create_user, module):
    # Through the learner's own pages: the attempt started, then submitted (last completion noted).
    learner_user = create_user(name="Sam Learner")
    learner = Learner(app.test_client(), learner_user)
    AuthActions(learner.client).sign_in(learner_user)
    auth.sign_in(managers["agency"])
    before = summary_rows(client)
    assert summary_rows(client) == before

    attempt = learner.start(module)
    started = summary_rows(client)
    learner.complete_all_pages(attempt)
    learner.submit(attempt)
    submitted = summary_rows(client)

    assert before != started != submitted
    forget_summaries()
    assert summary_rows(client) == submitted


def test_managers_share_the_counts_of_the_areas_they_see(partnership, count_queries):
    tia = partnership["tia"]
    agency = ManagerScope(Scope.AGENCY, agency_id=tia.agency_id)
    team = ManagerScope(Scope.TEAM, team_id=tia.team_id)
    one_team = ReportFilters(team_id=tia.team_id)
    with count_queries() as first:
        by_agency = figures(scope=agency)
    # The same areas, seen by a team manager and as a filter: nothing counted again ...
    with count_queries() as again:
        by_team, filtered = figures(scope=team), figures(scope=agency, filters=one_team)
    assert counting(first) and not counting(again)
    # ... and each the figures counted afresh.
    forget_summaries()
    assert [by_agency, by_team, filtered] == [
        figures(scope=agency),
        figures(scope=team),
        figures(scope=agency, filters=one_team),
    ]
    assert by_team == filtered != by_agency
    # The partnership manager counts only the areas no one has seen yet.
    forget_summaries()
    figures(scope=agency)
    with count_queries() as partnership_view:
        figures()
    assert "users.team_id =" in next(statement for statement in partnership_view if counting([statement]))


def test_every_scope_takes_whole_areas_as_people_in_does(partnership, create_user):
    # Someone with no team, to check the area of "none" too.
    create_user(name="Noa No-team", agency="Homerton Healthcare").team_id = None
    db.session.commit()
    people = db.session.execute(select(User.id, User.agency_id, User.team_id)).all()
    tia, olu = partnership["tia"], partnership["olu"]
    scopes = [
        PARTNERSHIP,
        ManagerScope(Scope.AGENCY, agency_id=tia.agency_id),
        ManagerScope(Scope.AGENCY, agency_id=olu.agency_id),
        ManagerScope(Scope.TEAM, team_id=tia.team_id),
        ManagerScope(Scope.TEAM, team_id=olu.team_id),
        ManagerScope(None),
    ]
    for scope in scopes:
        in_sql = set(db.session.scalars(select(User.id).where(people_in(scope))))
        in_python = {id_ for id_, agency, team in people if covers_area(scope, agency or 0, team or 0)}
        assert in_sql == in_python, scope
    assert any(team is None for _, _, team in people)
