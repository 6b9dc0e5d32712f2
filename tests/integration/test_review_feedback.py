"""Feedback beside each answer, two trainers at once, and the decision: reviewed, or returned for more reflection."""

import pytest
from flask import url_for
from sqlalchemy import select, update

from quizapp.extensions import db
from quizapp.models import (
    Attempt,
    AttemptState,
    AuditEvent,
    Completion,
    Feedback,
    OutboxMessage,
    QuestionKind,
    Review,
    Role,
    TrainerComment,
)
from quizapp.records.feedback import FeedbackConflict, feedback_target, save_feedback
from tests.conftest import AuthActions, csrf_token, parse
from tests.integration.learner import Learner
from tests.integration.submissions import TEXT, answer_to, question_of, submitted_attempt


@pytest.fixture
def learner_user(create_user):
    return create_user(
        email="sam@example.org", name="Sam Learner", profession="Health visitor", agency="Homerton Healthcare"
    )


@pytest.fixture
def submission(learner_user, module):
    """Sam's submitted Case 1, with the first check wrong at the first try."""
    return submitted_attempt(learner_user, module, wrong_first=True)


@pytest.fixture
def trainer(auth, create_user):
    user = create_user(roles=(Role.TRAINER,), email="tara@example.org", name="Tara Trainer")
    auth.sign_in(user)
    return user


def signed_in_client(app, user):
    """Another browser, signed in as someone else."""
    other = app.test_client()
    AuthActions(other).sign_in(user)
    return other


def post_feedback(client, attempt, answer, text, **extra):
    url = url_for("review.feedback", attempt_id=attempt.id, answer_id=answer.id)
    page = client.get(url)
    revision = parse(page).select_one("input[name=revision]")["value"]
    data = {"csrf_token": csrf_token(page), "text": text, "revision": revision, "save": "y", **extra}
    return client.post(url, data=data)


def test_a_submission_shows_who_each_question_beside_its_answer_and_is_audited(client, trainer, submission):
    response = client.get(url_for("review.submission", attempt_id=submission.id))

    page = parse(response)
    assert page.select_one("h1").text.strip() == "Sam Learner"
    summary = page.select_one(".govuk-summary-list").text
    assert "Homerton Healthcare" in summary and "Health visitor" in summary
    reflection = question_of(submission)
    card = page.select_one(f"#answer-{answer_to(submission, reflection).id}")
    assert card.select_one("h3").text.strip() == reflection.prompt
    assert TEXT in card.text
    assert "0 of" in summary, "every check was wrong at the first try"
    assert "Average 2.0 out of 5 before, 4.0 after" in summary
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "submission_viewed"))
    assert (event.actor_id, event.subject_user_id, event.object_id, event.ip) == (
        trainer.id,
        submission.user_id,
        submission.id,
        "127.0.0.1",
    )


def test_a_draft_is_never_shown(client, trainer, learner_user, module):
    from quizapp.models.types import utcnow
    from quizapp.records.attempts import start_attempt

    draft = start_attempt(learner_user, module, utcnow())
    db.session.commit()

    assert client.get(url_for("review.submission", attempt_id=draft.id)).status_code == 404


def test_feedback_is_saved_beside_the_answer_and_the_learner_reads_it(app, client, trainer, submission, learner_user):
    answer = answer_to(submission, question_of(submission))

    response = post_feedback(client, submission, answer, "A thoughtful answer – have you asked the father? 👍")

    assert response.status_code == 302
    feedback = db.session.scalar(select(Feedback))
    assert (feedback.answer_id, feedback.author_id, feedback.revision) == (answer.id, trainer.id, 1)
    learner = signed_in_client(app, learner_user)
    notices = parse(learner.get(url_for("learn.my_learning"))).select(".govuk-notification-banner")
    assert "You have new feedback" in notices[0].text
    page = parse(learner.get(url_for("learn.my_answers", attempt_id=submission.id)))
    assert "have you asked the father? 👍" in page.select_one(".app-answer-card .govuk-inset-text").text
    assert not parse(learner.get(url_for("learn.my_learning"))).select(".govuk-notification-banner"), "read now"


def test_empty_feedback_is_refused_with_a_message_by_the_field(client, trainer, submission):
    response = post_feedback(client, submission, submission.answers[0], "   ")

    page = parse(response)
    assert "Enter your feedback" in page.select_one(".govuk-error-summary").text
    assert page.select_one("#text-error")
    assert db.session.scalar(select(Feedback)) is None


def test_a_second_trainers_stale_save_is_told_of_the_conflict_and_keeps_their_text(
    app, client, trainer, create_user, submission
):
    answer = answer_to(submission, question_of(submission))
    other = signed_in_client(app, create_user(roles=(Role.TRAINER,), name="Olu Other"))
    url = url_for("review.feedback", attempt_id=submission.id, answer_id=answer.id)
    mine, theirs = client.get(url), other.get(url)  # both open the empty feedback

    assert other.post(url, data={"csrf_token": csrf_token(theirs), "text": "Theirs", "revision": "0", "save": "y"})
    response = client.post(url, data={"csrf_token": csrf_token(mine), "text": "Mine", "revision": "0", "save": "y"})

    page = parse(response)
    assert response.status_code == 200
    assert "Someone else saved this feedback" in page.select_one(".govuk-error-summary").text
    assert page.select_one("textarea[name=text]").text.strip() == "Mine"
    assert "Theirs" in page.select_one("#their-feedback").text
    assert db.session.scalar(select(Feedback.text)) == "Theirs"

    again = client.post(url, data={"csrf_token": csrf_token(mine), "text": "Mine", "revision": "1", "save": "y"})
    assert again.status_code == 302, "saving again after seeing theirs replaces it on purpose"
    assert db.session.scalar(select(Feedback.text)) == "Mine"
    assert len(db.session.scalars(select(Feedback)).all()) == 1


def test_a_save_racing_another_is_caught_by_the_version_column(app, trainer, submission):
    answer = submission.answers[0]
    db.session.add(Feedback(attempt_id=submission.id, answer_id=answer.id, author_id=trainer.id, text="First"))
    db.session.commit()
    with app.test_request_context():
        target = feedback_target(trainer, submission.id, answer.id)
        # Another save lands between this one's read and its write (the object loaded keeps revision 1).
        db.session.execute(
            update(Feedback).values(text="Raced", revision=Feedback.revision + 1),
            execution_options={"synchronize_session": False},
        )

        with pytest.raises(FeedbackConflict) as conflict:
            save_feedback(trainer, target, "Late", seen_revision=1)

    assert conflict.value.current.text != "Late"
    assert db.session.scalar(select(Feedback.text)) != "Late", "the stale save wrote nothing"


def test_a_comment_from_the_library_is_inserted_then_edited(client, trainer, submission):
    page = client.get(url_for("review.comments"))
    client.post(url_for("review.comments"), data={"csrf_token": csrf_token(page), "text": "Think about the child."})
    comment = db.session.scalar(select(TrainerComment))
    answer = submission.answers[0]
    url = url_for("review.feedback", attempt_id=submission.id, answer_id=answer.id)

    inserted = client.post(
        url,
        data={
            "csrf_token": csrf_token(client.get(url)),
            "text": "Good.",
            "revision": "0",
            "comment": comment.id,
            "insert": "y",
        },
    )

    assert parse(inserted).select_one("textarea[name=text]").text.strip() == "Good.\n\nThink about the child."
    assert db.session.scalar(select(Feedback)) is None, "inserting does not save"


def test_marking_reviewed_e_mails_the_learner_at_once(client, trainer, submission, mail_server):
    page = client.get(url_for("review.submission", attempt_id=submission.id))

    response = client.post(
        url_for("review.mark_reviewed", attempt_id=submission.id), data={"csrf_token": csrf_token(page)}
    )

    assert response.status_code == 302
    [message] = mail_server.to("sam@example.org")
    assert " ".join(message["Subject"].split()) == f"Feedback on your reflections: {submission.version.title}"
    body = message.get_payload(decode=True).decode("utf-8")
    assert "Tara Trainer has read your reflections" in body
    assert url_for("learn.my_answers", attempt_id=submission.id, _external=True) in body
    assert db.session.scalar(select(Review.state)) == "reviewed"


def test_a_refused_e_mail_keeps_the_decision_and_goes_on_the_next_cron_run(
    client, runner, trainer, submission, mail_server
):
    mail_server.refuse = True
    page = client.get(url_for("review.submission", attempt_id=submission.id))

    client.post(url_for("review.mark_reviewed", attempt_id=submission.id), data={"csrf_token": csrf_token(page)})

    assert db.session.scalar(select(Review.state)) == "reviewed"
    queued = db.session.scalar(select(OutboxMessage))
    assert (queued.sent_at, queued.tries) == (None, 1)
    mail_server.refuse = False
    db.session.execute(update(OutboxMessage).values(next_try_at=queued.created_at))
    db.session.commit()
    result = runner.invoke(args=["mail", "send-pending"])
    assert "Sent 1, failed 0" in result.output
    assert len(mail_server.to("sam@example.org")) == 1


def test_a_round_can_be_decided_once(app, client, trainer, create_user, submission):
    other = signed_in_client(app, create_user(roles=(Role.TRAINER,)))
    page = client.get(url_for("review.submission", attempt_id=submission.id))
    url = url_for("review.mark_reviewed", attempt_id=submission.id)
    client.post(url, data={"csrf_token": csrf_token(page)})

    response = other.post(
        url, data={"csrf_token": csrf_token(other.get(url_for("review.home")))}, follow_redirects=True
    )

    assert "already decided" in parse(response).select_one(".govuk-notification-banner").text
    assert len(db.session.scalars(select(Review)).all()) == 1


def return_for_reflection(client, attempt, answer_ids, reason="Say more about how you would reach the father."):
    url = url_for("review.return_attempt", attempt_id=attempt.id)
    return client.post(url, data={"csrf_token": csrf_token(client.get(url)), "answers": answer_ids, "reason": reason})


def test_returning_needs_an_answer_and_a_reason(client, trainer, submission):
    response = return_for_reflection(client, submission, [], reason="")

    summary = parse(response).select_one(".govuk-error-summary").text
    assert "Select at least one answer" in summary and "Enter why you are returning" in summary
    assert db.session.get(Attempt, submission.id).state == AttemptState.SUBMITTED


def test_a_returned_attempt_is_revised_and_resubmitted_keeping_its_completion(
    app, client, trainer, submission, learner_user, mail_server
):
    completion = db.session.scalar(select(Completion))
    reflection = question_of(submission)
    answer = answer_to(submission, reflection)

    assert return_for_reflection(client, submission, [answer.id]).status_code == 302

    assert db.session.get(Attempt, submission.id).state == AttemptState.RETURNED
    [message] = mail_server.to("sam@example.org")
    assert "Say more about how you would reach the father." in message.get_payload(decode=True).decode("utf-8")
    learner = Learner(signed_in_client(app, learner_user), learner_user)
    banner = parse(learner.client.get(url_for("learn.my_learning"))).select_one(".govuk-notification-banner")
    assert "Returned for more reflection" in banner.text and "reach the father" in banner.text
    answers_page = parse(learner.client.get(url_for("learn.my_answers", attempt_id=submission.id)))
    assert "Think about this again" in answers_page.text
    while_returned = parse(client.get(url_for("review.submission", attempt_id=submission.id)))

    on_page = {q.key: TEXT for q in submission.version.questions if q.page == reflection.page}
    revised = learner.post_page(
        submission,
        reflection.page,
        {**on_page, reflection.key: "Now I would phone the father myself and ask to meet him."},
    )
    assert revised.status_code == 302
    assert TEXT in while_returned.select_one(f"#answer-{answer.id}").text, "the trainer never sees the draft"
    assert "Now I would phone" not in parse(client.get(url_for("review.submission", attempt_id=submission.id))).text
    learner.submit(submission)

    db.session.expire_all()
    assert db.session.get(Attempt, submission.id).state == AttemptState.SUBMITTED
    assert db.session.scalars(select(Completion)).all() == [completion]
    again = parse(client.get(url_for("review.submission", attempt_id=submission.id)))
    card = again.select_one(f"#answer-{answer.id}")
    assert "Now I would phone the father myself and ask to meet him." in card.select_one("p.app-answer").text
    assert TEXT in card.select_one("details").text, "what they wrote before is one click away"
    assert "Waiting for review (1)" in parse(client.get(url_for("review.home"))).text


def test_a_submission_cannot_be_returned_once_the_learner_has_started_the_module_again(
    client, trainer, submission, learner_user, module
):
    from quizapp.models.types import utcnow
    from quizapp.records.attempts import start_attempt

    start_attempt(learner_user, module, utcnow())
    db.session.commit()

    response = return_for_reflection(client, submission, [answer_to(submission, question_of(submission)).id])

    assert response.status_code == 302
    shown = parse(client.get(response.headers["Location"])).select_one(".govuk-notification-banner").text
    assert "has started this module again" in shown
    assert db.session.get(Attempt, submission.id).state == AttemptState.SUBMITTED
    assert db.session.scalar(select(Review)) is None


def test_decisions_and_feedback_are_audited(client, trainer, submission):
    answer = answer_to(submission, question_of(submission, QuestionKind.ACTION_PLAN))
    post_feedback(client, submission, answer, "Good plan.")
    return_for_reflection(client, submission, [answer.id])

    actions = db.session.scalars(select(AuditEvent.action).where(AuditEvent.actor_id == trainer.id)).all()

    assert {"submission_viewed", "feedback_saved", "attempt_returned"} <= set(actions)


def test_a_learner_reads_only_their_own_submitted_answers(app, learner_user, create_user, submission, module):
    from quizapp.models.types import utcnow
    from quizapp.records.attempts import start_attempt

    someone = create_user()
    draft = start_attempt(someone, module, utcnow())
    db.session.commit()
    theirs = signed_in_client(app, someone)

    assert theirs.get(url_for("learn.my_answers", attempt_id=submission.id)).status_code == 404
    assert theirs.get(url_for("learn.my_answers", attempt_id=draft.id)).status_code == 404
    own = signed_in_client(app, learner_user).get(url_for("learn.my_answers", attempt_id=submission.id))
    assert own.status_code == 200 and TEXT in own.get_data(as_text=True)
