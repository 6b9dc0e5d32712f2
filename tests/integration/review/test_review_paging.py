"""Pages of the queue and of a question's answers: the later half is read from the end, in the same order."""

from datetime import timedelta

import pytest
from flask import url_for

from quizapp.extensions import db
from quizapp.models import Role
from quizapp.models.types import utcnow
from quizapp.records.paging import page_window
from quizapp.records.review import PAGE_SIZE, mark_reviewed
from tests.conftest import parse
from tests.integration.submissions import question_of, submitted_attempt


@pytest.mark.parametrize(
    ("total", "page", "expected"),
    [
        (0, 1, (1, 1, 0, 0, False)),
        (10, 1, (1, 1, 0, 10, False)),
        (60, 1, (1, 3, 0, 25, False)),
        (60, 2, (2, 3, 25, 25, False)),
        (60, 3, (3, 3, 0, 10, True)),
        (60, 99, (3, 3, 0, 10, True)),
        (100, 3, (3, 4, 25, 25, True)),
        (100, 0, (1, 4, 0, 25, False)),
    ],
)
def test_a_page_window_reads_the_later_half_from_the_end(total, page, expected):
    window = page_window(total, page, 25)

    assert (window.page, window.pages, window.skip, window.take, window.from_end) == expected


@pytest.fixture
def trainer(auth, create_user):
    user = create_user(roles=(Role.TRAINER,), email="tara@example.org", name="Tara Trainer")
    auth.sign_in(user)
    return user


def names_listed(response) -> list[str]:
    return [link.get_text(" ", strip=True).split(":")[0].strip() for link in parse(response).select("tbody td a")]


def test_every_page_of_the_reviewed_tab_is_newest_first_with_nothing_missed_or_repeated(
    client, trainer, create_user, module
):
    total = 2 * PAGE_SIZE + 3
    for n in range(total):
        attempt = submitted_attempt(create_user(name=f"Person {n:02}"), module, when=utcnow() - timedelta(hours=n + 1))
        with client.application.test_request_context():
            mark_reviewed(trainer, attempt, utcnow())
        db.session.commit()

    pages = [names_listed(client.get(url_for("review.home", status="reviewed", page=n))) for n in (1, 2, 3)]
    waiting = client.get(url_for("review.home"))

    assert [len(page) for page in pages] == [PAGE_SIZE, PAGE_SIZE, 3]
    assert sum(pages, []) == [f"Person {n:02}" for n in range(total)]
    assert names_listed(waiting) == []
    assert f"Reviewed ({total})" in waiting.get_data(as_text=True)


def test_the_last_page_of_a_questions_answers_holds_the_oldest(client, trainer, create_user, module):
    attempts = [
        submitted_attempt(
            create_user(name=f"Person {n:02}"),
            module,
            text=f"Answer number {n:02} " * 3,
            when=utcnow() - timedelta(hours=n + 1),
        )
        for n in range(23)
    ]
    question = question_of(attempts[0])

    first = parse(client.get(url_for("review.question", question_id=question.id))).text
    last = parse(client.get(url_for("review.question", question_id=question.id, page=2))).text

    assert "Answer number 00" in first and "Answer number 19" in first and "Answer number 20" not in first
    assert all(f"Answer number {n}" in last for n in (20, 21, 22)) and "Answer number 19" not in last


def test_an_erased_persons_kept_completion_counts_no_answer(client, trainer, create_user, module):
    from quizapp.people import data_rights

    kept, erased = (submitted_attempt(create_user(name=name), module) for name in ("Kept Person", "Erased Person"))
    question = question_of(kept)
    data_rights.erase_person(erased.user, create_user(roles=(Role.ADMIN,), email="admin@example.org"))
    db.session.commit()

    listed = parse(client.get(url_for("review.questions"))).find("a", string=question.prompt).parent.get_text()
    answers = client.get(url_for("review.question", question_id=question.id)).get_data(as_text=True)

    assert "(1 answer)" in listed
    assert "1 submitted answer." in answers
