"""`flask reminders send`: due and overdue training is reminded once a week per assignment, however often it runs."""

from datetime import date, timedelta

import time_machine

from tests.integration.records_factory import assign, complete

MONDAY = date(2026, 11, 23)


def run(runner, day: date):
    with time_machine.travel(day, tick=False):
        result = runner.invoke(args=["reminders", "send"])
    assert result.exit_code == 0, result.output
    return result


def test_due_soon_and_overdue_learners_are_reminded_once_a_week_even_when_run_twice(
    runner, mail_server, people, managers, loaded_modules
):
    case_1, felix, harry = (
        loaded_modules[slug]
        for slug in (
            "case-1-early-help-self-referral",
            "felix-disability-family-pressures",
            "harry-local-authority-boundaries",
        )
    )
    assign(MONDAY + timedelta(days=7), module=case_1, team=people["team"].team)
    assign(MONDAY - timedelta(days=1), module=felix, user=people["agency"])
    assign(MONDAY + timedelta(days=8), module=harry, user=people["other"])
    assign(MONDAY - timedelta(days=30), module=case_1, user=people["other"])
    complete(people["other"], case_1, MONDAY - timedelta(days=2))

    run(runner, MONDAY)
    run(runner, MONDAY)
    assert mail_server.to("olu@example.org") == [], "due in 8 days, and the overdue one is completed"
    run(runner, MONDAY + timedelta(days=3))

    [tia] = mail_server.to("tia@example.org")
    [abe] = mail_server.to("abe@example.org")
    assert tia["Subject"] == "Reminder: your safeguarding training is due soon"
    assert case_1.current_version.title in tia.get_payload(decode=True).decode()
    assert abe["Subject"] == "Reminder: your safeguarding training is overdue"
    [olu] = mail_server.to("olu@example.org")
    assert harry.current_version.title in olu.get_payload(decode=True).decode(), "by Thursday it is due within 7 days"
    for manager in managers.values():
        [summary] = mail_server.to(manager.email)
        assert summary["Subject"] == "Weekly training summary for your area"

    run(runner, MONDAY + timedelta(days=7))

    assert len(mail_server.to("tia@example.org")) == 2, "due today: reminded again in the new week"
    assert len(mail_server.to("abe@example.org")) == 2, "still overdue the next week"
    assert len(mail_server.to(managers["team"].email)) == 2


def test_deactivated_people_and_withdrawn_assignments_get_no_reminder(runner, mail_server, people, module):
    from quizapp.extensions import db
    from quizapp.models.types import utcnow

    assign(MONDAY - timedelta(days=1), module=module, user=people["agency"])
    withdrawn = assign(MONDAY - timedelta(days=1), module=module, user=people["team"])
    withdrawn.withdrawn_at = utcnow()
    people["agency"].active = False
    db.session.commit()

    run(runner, MONDAY)

    assert mail_server.to("abe@example.org") == [] and mail_server.to("tia@example.org") == []
