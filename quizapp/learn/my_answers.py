"""A learner reads their own submitted answers with the trainer's feedback beside each, and is told of news."""

from flask import render_template
from flask_login import current_user

from quizapp.extensions import db
from quizapp.learn import bp
from quizapp.models import Role
from quizapp.models.types import utcnow
from quizapp.records.feedback import learner_notices, own_answers_with_feedback
from quizapp.security import requires


@bp.route("/my-learning/attempts/<int:attempt_id>/answers")
@requires(Role.LEARNER)
def my_answers(attempt_id):
    view = own_answers_with_feedback(current_user, attempt_id, utcnow())
    page = render_template("learn/my_answers.html", title=f"Your answers: {view.attempt.version.title}", view=view)
    db.session.commit()  # the feedback shown is now read
    return page


@bp.context_processor
def _review_notices():
    # Called only by the templates that show the notices, so other pages run no query for them.
    return {"review_notices": lambda: learner_notices(current_user)}
