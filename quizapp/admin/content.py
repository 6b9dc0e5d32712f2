"""Content: modules and their versions, publishing, retiring, a learner's-eye preview and a content check."""

from flask import current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user

from quizapp.admin import bp
from quizapp.admin.people_forms import ActionForm
from quizapp.curriculum import publishing
from quizapp.extensions import db
from quizapp.models import Role
from quizapp.models.types import utcnow
from quizapp.security import requires

DONE = {"publish": "is published", "unpublish": "is no longer published", "retire": "is retired"}


@bp.route("/content")
@requires(Role.ADMIN)
def content():
    return render_template("admin/content.html", title="Content", rows=publishing.module_rows(), form=ActionForm())


@bp.route("/content/<slug>/versions/<int:number>")
@requires(Role.ADMIN)
def preview(slug: str, number: int):
    version = publishing.version_of(slug, number)
    pages = publishing.preview_pages(version)
    index = min(max(request.args.get("page", 1, type=int), 1), len(pages))
    page, questions = pages[index - 1]
    return render_template(
        "admin/preview.html",
        title=f"Preview: {version.title}",
        version=version,
        page=page,
        questions=questions,
        index=index,
        count=len(pages),
        slug=slug,
    )


@bp.route("/content/<slug>/<any(publish, unpublish, retire):action>", methods=["POST"])
@requires(Role.ADMIN)
def change_module(slug: str, action: str):
    module = publishing.module_by_slug(slug)
    if ActionForm().validate_on_submit():
        match action:
            case "publish":
                publishing.publish(module, current_user)
            case "unpublish":
                publishing.unpublish(module, current_user)
            case "retire":
                publishing.retire(module, current_user, utcnow())
        db.session.commit()
        flash(f"{slug} {DONE[action]}. Every attempt and completion is kept.", "success")
    return redirect(url_for("admin.content"))


@bp.route("/content/check")
@requires(Role.ADMIN)
def check_content():
    problems = publishing.content_problems(current_app.config["CONTENT_DIR"])
    return render_template("admin/check_content.html", title="Check the content files", problems=problems)
