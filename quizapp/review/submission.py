"""One learner's submission: reading it, giving feedback, and marking it reviewed or returning it."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from quizapp.extensions import db
from quizapp.mail import send_pending
from quizapp.models import Role
from quizapp.models.types import utcnow
from quizapp.records import review as reviewing
from quizapp.records.feedback import (
    FeedbackConflict,
    feedback_target,
    keep_comment,
    own_comment,
    save_feedback,
    trainer_comments,
)
from quizapp.review import bp
from quizapp.review.forms import DecisionForm, FeedbackForm, ReturnForm, choices
from quizapp.security import requires


@bp.route("/submissions/<int:attempt_id>")
@requires(Role.TRAINER, Role.ADMIN)
def submission(attempt_id):
    view = reviewing.submission_for_review(current_user, attempt_id)
    title = f"{view.attempt.user.name}: {view.attempt.version.title}"
    page = render_template("review/submission.html", title=title, view=view, form=DecisionForm())
    db.session.commit()  # keeps the audit event of this view; after rendering, so nothing reloads
    return page


@bp.route("/submissions/<int:attempt_id>/reviewed", methods=["POST"])
@requires(Role.TRAINER, Role.ADMIN)
def mark_reviewed(attempt_id):
    attempt = reviewing.reviewable_attempt(current_user, attempt_id)
    try:
        message = reviewing.mark_reviewed(current_user, attempt, utcnow())
    except reviewing.DecisionRefused as refused:
        flash(str(refused), "info")
        return redirect(url_for("review.submission", attempt_id=attempt_id))
    name = attempt.user.name
    db.session.commit()
    _send_now(message)
    flash(f"{name}’s submission is marked as reviewed. They have been told that your feedback is ready.", "success")
    return redirect(url_for("review.home"))


@bp.route("/submissions/<int:attempt_id>/return", methods=["GET", "POST"])
@requires(Role.TRAINER, Role.ADMIN)
def return_attempt(attempt_id):
    attempt = reviewing.reviewable_attempt(current_user, attempt_id)
    form = ReturnForm()
    form.answers.choices = choices((a.id, q.prompt) for a, q in reviewing.written_answers(attempt))
    if form.validate_on_submit():
        name = attempt.user.name
        try:
            message = reviewing.return_attempt(
                current_user, attempt, form.reason.data.strip(), form.answers.data, utcnow()
            )
        except reviewing.DecisionRefused as refused:
            flash(str(refused), "info")
            return redirect(url_for("review.submission", attempt_id=attempt_id))
        else:
            db.session.commit()
            _send_now(message)
            flash(f"{name}’s answers are returned for more reflection. They have been told why.", "success")
            return redirect(url_for("review.home"))
    return render_template("review/return.html", title="Return for more reflection", attempt=attempt, form=form)


@bp.route("/submissions/<int:attempt_id>/feedback", methods=["GET", "POST"], defaults={"answer_id": None})
@bp.route("/submissions/<int:attempt_id>/answers/<int:answer_id>/feedback", methods=["GET", "POST"])
@requires(Role.TRAINER, Role.ADMIN)
def feedback(attempt_id, answer_id):
    target = feedback_target(current_user, attempt_id, answer_id)
    form = FeedbackForm(data={"text": target.feedback.text if target.feedback else "", "revision": target.revision})
    library = [(c.id, c.text[:80]) for c in trainer_comments(current_user)]
    form.comment.choices = choices([("", "Choose a comment"), *library])
    conflict = None
    if form.is_submitted() and form.insert.data:
        _insert_comment(form)
    elif form.validate_on_submit():
        try:
            save_feedback(current_user, target, form.text.data.strip(), form.seen_revision())
        except FeedbackConflict as error:
            conflict = error.current
            form.revision.data = str(conflict.revision)  # saving again now overwrites on purpose
        else:
            if form.keep.data:
                keep_comment(current_user, form.text.data)
            db.session.commit()
            flash("Your feedback is saved.", "success")
            return redirect(url_for("review.submission", attempt_id=attempt_id, _anchor=f"answer-{answer_id or 'all'}"))
    page = render_template("review/feedback.html", title="Feedback", target=target, form=form, conflict=conflict)
    db.session.commit()
    return page


def _insert_comment(form: FeedbackForm) -> None:
    if not form.comment.data or not form.comment.data.isdigit():
        form.comment.errors = ["Select a comment to insert"]
        return
    comment = own_comment(current_user, int(form.comment.data))
    form.text.data = f"{(form.text.data or '').rstrip()}\n\n{comment.text}".strip()
    form.comment.data = ""


def _send_now(message) -> None:
    # Sent after the commit; a failure stays queued for `flask mail send-pending`.
    if message is not None:
        send_pending(ids=[message.id])
