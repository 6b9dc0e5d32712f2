"""The review queue: submitted attempts waiting for feedback, with the reviewed and returned ones a tab away."""

from flask import render_template, url_for
from flask_login import current_user

from quizapp.models import Role
from quizapp.records.review import QueueStatus, review_queue
from quizapp.review import bp
from quizapp.review.filters import pagination, query_args, queue_filters, queue_form
from quizapp.security import requires

TAB_NAMES = {
    QueueStatus.AWAITING: "Waiting for review",
    QueueStatus.REVIEWED: "Reviewed",
    QueueStatus.RETURNED: "Returned for more reflection",
}


@bp.route("/")
@requires(Role.TRAINER, Role.ADMIN)
def home():
    form = queue_form()
    filters = queue_filters(form)
    queue = review_queue(current_user, filters)
    args: dict = query_args(exclude=("status", "page"))
    tabs = [
        {"status": s, "name": TAB_NAMES[s], "count": queue.counts[s], "href": url_for("review.home", status=s, **args)}
        for s in QueueStatus
    ]
    return render_template(
        "review/queue.html",
        title="Review reflections",
        form=form,
        queue=queue,
        filters=filters,
        tabs=tabs,
        tab_name=TAB_NAMES[filters.status],
        filtered=bool(args),
        pagination=pagination("review.home", queue.page, queue.pages, status=filters.status, **args),
    )
