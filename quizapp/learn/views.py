"""The learner's journey: My learning, a module's start page, its pages, checking answers and submitting."""

from flask import flash, redirect, render_template, request, url_for
from flask_login import current_user

from quizapp.curriculum.catalogue import catalogue_module, theme_overview
from quizapp.curriculum.pages import PageKind
from quizapp.extensions import csrf, db
from quizapp.learn import bp, journey
from quizapp.learn.check_answers import missing_errors
from quizapp.learn.forms import StartForm
from quizapp.models import Role
from quizapp.models.types import utcnow
from quizapp.records.answers import answer_sections
from quizapp.records.attempts import (
    is_open,
    open_attempt_for,
    own_attempt,
    own_attempt_on_page,
    start_attempt,
    submit_attempt,
    unanswered,
)
from quizapp.records.overview import learning_overview, module_cards
from quizapp.security import checks_own_text, requires


@bp.route("/my-learning")
@requires(Role.LEARNER)
def my_learning():
    theme = request.args.get("theme") or None
    overview = learning_overview(current_user, utcnow().date(), theme)
    return render_template(
        "learn/my_learning.html", title="My learning", overview=overview, themes=overview.themes, theme=theme
    )


@bp.route("/themes/<slug>")
@requires(Role.LEARNER, Role.TRAINER)
def theme(slug):
    overview = theme_overview(slug)
    return render_template("learn/theme.html", title=f"Theme: {overview.theme.name}", overview=overview)


@bp.route("/modules/<slug>")
@requires(Role.LEARNER)
def module_start(slug, form=None):
    module = catalogue_module(slug)
    [card] = module_cards(current_user, [module], utcnow().date())
    form = form or StartForm()
    return render_template("learn/start.html", title=module.current_version.title, card=card, form=form)


@bp.route("/modules/<slug>/start", methods=["POST"])
@requires(Role.LEARNER)
def start(slug):
    module, form = catalogue_module(slug), StartForm()
    if not open_attempt_for(current_user, module) and not form.validate():
        return module_start(slug, form)
    attempt = start_attempt(current_user, module, utcnow())
    attempt.role = attempt.role or form.role.data
    db.session.commit()
    return redirect(url_for("learn.page", attempt_id=attempt.id, page_key=journey.resume_key(attempt)))


@bp.route("/attempts/<int:attempt_id>/pages/<page_key>", methods=["GET", "POST"])
@requires(Role.LEARNER)
@checks_own_text
@csrf.exempt  # the form checks its own token so an expired page keeps what was typed
def page(attempt_id, page_key):
    attempt, read = own_attempt_on_page(current_user, attempt_id, page_key)
    if not is_open(attempt):
        flash("You have already submitted this module. Your answers can no longer be changed.", "info")
        return redirect(url_for("learn.confirmation", attempt_id=attempt.id))
    if page_key == journey.CHECK_ANSWERS:
        return redirect(url_for("learn.check_answers", attempt_id=attempt.id))
    view = journey.page_view(attempt, page_key, read)
    notice = None
    if request.method == "POST":
        result = journey.save_page(
            view, journey.unexpected_fields(view, request.form.keys()), utcnow(), staying=view.form.save_later.data
        )
        db.session.commit()
        notice = result.notice
        if result.saved and view.form.save_later.data:
            flash("Your answers have been saved. You can carry on where you left off at any time.", "success")
            return redirect(url_for("learn.my_learning"))
        answered_check = result.saved and view.page.kind == PageKind.CHECK and not view.form.errors
        if result.complete or answered_check:
            return redirect(_after_page(view))
    return render_template(
        "learn/page.html",
        title=view.page.title,
        view=view,
        notice=notice,
        changing=bool(request.args.get("change")),
        next_url=_next_page_url(view),
    )


def _after_page(view):
    if view.page.kind == PageKind.CHECK:  # stay to show whether the answer was right
        return url_for(
            "learn.page", attempt_id=view.attempt.id, page_key=view.page.key, change=request.args.get("change")
        )
    return _next_page_url(view)


def _next_page_url(view):
    if request.args.get("change") or view.next_key == journey.CHECK_ANSWERS:
        return url_for("learn.check_answers", attempt_id=view.attempt.id)
    return url_for("learn.page", attempt_id=view.attempt.id, page_key=view.next_key)


@bp.route("/attempts/<int:attempt_id>/check-answers")
@requires(Role.LEARNER)
def check_answers(attempt_id):
    attempt = own_attempt(current_user, attempt_id)
    if not is_open(attempt):
        return redirect(url_for("learn.confirmation", attempt_id=attempt.id))
    return render_template(
        "learn/check_answers.html",
        title="Check your answers",
        attempt=attempt,
        sections=answer_sections(attempt),
        missing=False,
    )


@bp.route("/attempts/<int:attempt_id>/submit", methods=["POST"])
@requires(Role.LEARNER)
def submit(attempt_id):
    attempt = own_attempt(current_user, attempt_id)
    missing = unanswered(attempt) if is_open(attempt) else []
    if missing:
        errors, messages = missing_errors(missing)
        return render_template(
            "learn/check_answers.html",
            title="Check your answers",
            attempt=attempt,
            sections=answer_sections(attempt),
            missing=True,
            missing_errors=errors,
            missing_messages=messages,
        )
    submit_attempt(attempt, utcnow())
    db.session.commit()
    return redirect(url_for("learn.confirmation", attempt_id=attempt.id))
