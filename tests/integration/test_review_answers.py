"""Answers side by side with names hidden, anonymised exports, and what the partnership learned."""

import csv
import io

import pytest
from flask import url_for
from openpyxl import load_workbook
from sqlalchemy import select

from quizapp.extensions import db
from quizapp.models import Agency, AuditEvent, Role
from quizapp.records.insights import OTHERS, insight_scope, partnership_insights
from tests.conftest import csrf_token, parse
from tests.integration.submissions import answer_to, question_of, submitted_attempt

RISKY = '=HYPERLINK("http://evil.example") – Zoë’s café, naïve 👩‍👧'


@pytest.fixture
def trainer(auth, create_user):
    user = create_user(roles=(Role.TRAINER,), email="tara@example.org", name="Tara Trainer")
    auth.sign_in(user)
    return user


def test_answers_to_a_question_are_side_by_side_without_names(client, trainer, create_user, module):
    attempts = [
        submitted_attempt(
            create_user(name=f"Named Person {n}", email=f"named{n}@example.org"), module, text=f"Answer {n} " * 5
        )
        for n in range(3)
    ]
    question = question_of(attempts[0])

    page = parse(client.get(url_for("review.question", question_id=question.id)))

    cards = page.select(".app-answer-card")
    assert len(cards) == 3
    assert "Named Person" not in page.text and "named0@example.org" not in page.text
    assert {card.select_one(".app-answer").text.split()[1] for card in cards} == {"0", "1", "2"}


def test_a_name_is_shown_only_on_purpose_and_audited(client, trainer, create_user, module):
    attempt = submitted_attempt(create_user(name="Named Person"), module)
    question = question_of(attempt)
    answer = answer_to(attempt, question)
    url = url_for("review.question", question_id=question.id)

    response = client.post(
        url_for("review.reveal_name", question_id=question.id),
        data={"csrf_token": csrf_token(client.get(url)), "answer": answer.id},
    )

    assert "Written by Named Person" in parse(response).select_one(f"#answer-{answer.id}").text
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "name_revealed"))
    assert (event.actor_id, event.subject_user_id, event.object_id) == (trainer.id, attempt.user_id, answer.id)
    assert "Named Person" not in client.get(url).get_data(as_text=True), "hidden again on the next view"


def test_the_question_view_filters_by_agency(client, trainer, create_user, module):
    submitted_attempt(create_user(agency="Homerton Healthcare"), module, text="From health " * 5)
    submitted_attempt(create_user(), module, text="From social care " * 5)
    homerton = db.session.scalar(select(Agency).where(Agency.name == "Homerton Healthcare"))
    attempt_question = question_of(submitted_attempt(create_user(agency="Homerton Healthcare"), module))

    page = parse(client.get(url_for("review.question", question_id=attempt_question.id, agency=homerton.id)))

    texts = [card.select_one(".app-answer").text for card in page.select(".app-answer-card")]
    assert len(texts) == 2 and not any("social care" in text for text in texts)


def export(client, **args):
    return client.get(url_for("review.export", **args))


def test_the_csv_export_is_anonymised_formula_safe_and_keeps_non_ascii(client, trainer, create_user, module):
    attempt = submitted_attempt(
        create_user(name="Secret Name", email="secret@example.org", agency="Homerton Healthcare"), module, text=RISKY
    )
    question = question_of(attempt)

    response = export(client, question=question.id, format="csv", agency_level="kind")

    assert response.headers["Content-Type"].startswith("text/csv")
    body = response.get_data().decode("utf-8")
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body.removeprefix("\ufeff"))))
    assert rows[0] == ["Reference", "Module", "Version", "Question", "Answer", "Submitted on", "Kind of agency"]
    assert rows[1][4] == "'" + RISKY, "the formula is neutralised and the text is intact"
    assert rows[1][3] == question.prompt and rows[1][6] == "children's social care"
    assert "Secret Name" not in body and "secret@example.org" not in body and "Homerton" not in body
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "answers_exported"))
    assert (event.actor_id, event.details["agency_level"]) == (trainer.id, "kind")


def test_the_excel_export_of_a_module_opens_with_real_dates(client, trainer, create_user, module):
    attempt = submitted_attempt(create_user(name="Secret Name", profession="Health visitor"), module, text=RISKY)

    response = export(client, module=module.slug, format="xlsx", agency_level="agency", profession="y")

    sheet = load_workbook(io.BytesIO(response.get_data()), read_only=True)["Answers"]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-2:] == ("Agency", "Profession")
    written = [q for q in attempt.version.questions if q.kind in ("reflection", "action_plan")]
    assert len(rows) == 1 + len(written)
    assert rows[1][4] == "'" + RISKY
    assert rows[1][5].date() == attempt.submitted_at.date()
    assert rows[1][-2:] == ("Hackney Children and Families Service", "Health visitor")
    assert not any("Secret Name" in str(cell) for row in rows for cell in row)


def test_an_export_choice_in_error_is_explained(client, trainer, module):
    response = export(client, module=module.slug, format="pdf", agency_level="team")

    summary = parse(response).select_one(".govuk-error-summary").text
    assert response.status_code == 200
    assert "Select a file type" in summary and "Select how much to say about where each person works" in summary
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "answers_exported")) is None


def test_answers_being_revised_are_left_out_of_exports(app, client, trainer, create_user, module):
    from quizapp.models.types import utcnow
    from quizapp.records.review import return_attempt

    attempt = submitted_attempt(create_user(), module, text="Being revised " * 4)
    with app.test_request_context():
        return_attempt(trainer, attempt, "More please", [answer_to(attempt, question_of(attempt)).id], utcnow())
    db.session.commit()

    body = export(client, module=module.slug, format="csv", agency_level="none").get_data(as_text=True)

    assert "Being revised" not in body


def make_group(create_user, module, agency, size, before=2, after=4, wrong_first=False):
    for _ in range(size):
        submitted_attempt(create_user(agency=agency), module, before=before, after=after, wrong_first=wrong_first)


def test_insights_leave_out_groups_smaller_than_five(app, create_user, module):
    make_group(create_user, module, "Big Agency", 5, before=2, after=4)
    make_group(create_user, module, "Small Agency", 2, before=5, after=1, wrong_first=True)

    figures = partnership_insights(insight_scope(module.slug, None), "agency")

    assert list(figures.groups) == ["Big Agency"]
    assert figures.hidden_groups == 1
    big = figures.groups["Big Agency"]
    assert (big.people, big.before, big.after, big.shift) == (5, 2.0, 4.0, 2.0)
    assert (figures.everyone.before, figures.everyone.after) == (2.0, 4.0), "the small group cannot be subtracted out"
    assert all(figures.everyone.share_right(check.key) == 100 for check in figures.checks)


def test_small_groups_together_are_shown_when_they_reach_five(app, create_user, module):
    make_group(create_user, module, "Big Agency", 5)
    for n in range(5):
        make_group(create_user, module, f"Tiny {n}", 1, wrong_first=True)

    figures = partnership_insights(insight_scope(module.slug, None), "agency")

    assert list(figures.groups) == ["Big Agency", OTHERS]
    assert figures.groups[OTHERS].people == 5
    assert {figures.groups[OTHERS].share_right(check.key) for check in figures.checks} == {0}
    assert {figures.everyone.share_right(check.key) for check in figures.checks} == {50}


def test_the_insights_page_shows_charts_with_tables_and_a_csv_download(client, trainer, create_user, module):
    make_group(create_user, module, "Big Agency", 5)
    about = f"module:{module.slug}"

    page = parse(client.get(url_for("review.insights", about=about)))

    charts = page.select("svg[role=img]")
    assert len(charts) == 3 and all(chart.select_one("title") and chart.select_one("desc") for chart in charts)
    confidence = page.select_one("#confidence-caption").find_parent("table")
    assert [cell.text for cell in confidence.select("tbody tr")[0].select("th, td")][:5] == [
        "Big Agency",
        "5",
        "2.0",
        "4.0",
        "2.0",
    ]
    download = client.get(url_for("review.insights_csv", figure="confidence", about=about))
    assert download.get_data(as_text=True).splitlines()[1] == "Big Agency,5,2.0,4.0,2.0,0"
    assert db.session.scalar(select(AuditEvent.action).where(AuditEvent.action == "insights_exported"))


def test_too_few_people_shows_no_figures(client, trainer, create_user, module):
    make_group(create_user, module, "Big Agency", 4)

    page = parse(client.get(url_for("review.insights", about=f"module:{module.slug}")))

    assert "Fewer than 5 people have submitted this yet" in page.text
    assert not page.select("svg")


def queries_for(count_queries, client, url) -> int:
    with count_queries() as statements:
        assert client.get(url).status_code == 200
    return len(statements)


def test_question_view_and_insights_run_the_same_queries_for_5_or_50_learners(
    client, trainer, create_user, module, count_queries
):
    question = question_of(submitted_attempt(create_user(agency="Agency 0"), module))
    urls = [
        url_for("review.question", question_id=question.id),
        url_for("review.insights", about=f"module:{module.slug}"),
        url_for("review.insights", about="theme:the-silent-child", split="profession"),
        url_for("review.questions"),
    ]
    make_group(create_user, module, "Agency 1", 4)
    few = [queries_for(count_queries, client, url) for url in urls]

    for n in range(45):
        submitted_attempt(create_user(agency=f"Agency {n % 6}", profession=f"Job {n % 4}"), module, wrong_first=n % 2)
    many = [queries_for(count_queries, client, url) for url in urls]

    assert few == many
    assert max(many) <= 16
