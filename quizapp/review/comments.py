"""A trainer's library of reusable comments, inserted into feedback and edited there."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from quizapp.extensions import db
from quizapp.models import Role
from quizapp.records.feedback import keep_comment, remove_comment, trainer_comments
from quizapp.review import bp
from quizapp.review.forms import CommentForm, DecisionForm
from quizapp.security import requires


@bp.route("/comments", methods=["GET", "POST"])
@requires(Role.TRAINER, Role.ADMIN)
def comments():
    form = CommentForm()
    if form.validate_on_submit():
        keep_comment(current_user, form.text.data)
        db.session.commit()
        flash("Comment added to your library.", "success")
        return redirect(url_for("review.comments"))
    library = trainer_comments(current_user)
    return render_template("review/comments.html", title="Your comment library", form=form, library=library)


@bp.route("/comments/<int:comment_id>/delete", methods=["POST"])
@requires(Role.TRAINER, Role.ADMIN)
def delete_comment(comment_id):
    DecisionForm()  # the token is checked site-wide; nothing else is posted
    remove_comment(current_user, comment_id)
    db.session.commit()
    flash("Comment removed from your library. Feedback you used it in is unchanged.", "success")
    return redirect(url_for("review.comments"))
