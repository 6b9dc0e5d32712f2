"""Every submitted answer to one question side by side, names hidden unless a trainer reveals one on purpose."""

from flask import render_template
from flask_login import current_user

from quizapp.curriculum.catalogue import published_modules
from quizapp.extensions import db
from quizapp.models import Role
from quizapp.records.answer_sets import question_answers, questions_with_answer_counts
from quizapp.review import bp
from quizapp.review.filters import pagination, query_args, who_filter, who_filters
from quizapp.review.forms import RevealForm
from quizapp.security import requires


@bp.route("/questions")
@requires(Role.TRAINER, Role.ADMIN)
def questions():
    modules = questions_with_answer_counts(published_modules())
    return render_template("review/questions.html", title="Answers by question", modules=modules)


@bp.route("/questions/<int:question_id>")
@requires(Role.TRAINER, Role.ADMIN)
def question(question_id):
    return _question_page(question_id, reveal=None)


@bp.route("/questions/<int:question_id>/reveal", methods=["POST"])
@requires(Role.TRAINER, Role.ADMIN)
def reveal_name(question_id):
    form = RevealForm()
    return _question_page(question_id, reveal=form.answer.data if form.validate() else None)


def _question_page(question_id: int, reveal: int | None):
    form = who_filters()
    view = question_answers(current_user, question_id, who_filter(form), reveal)
    args = query_args(exclude=("page",))
    page = render_template(
        "review/question.html",
        title=view.question.prompt,
        form=form,
        view=view,
        args=args,
        reveal_args=query_args(),
        pagination=pagination("review.question", view.page, view.pages, question_id=question_id, **args),
    )
    db.session.commit()  # keeps the audit events of the view and any name shown; after rendering, so nothing reloads
    return page
