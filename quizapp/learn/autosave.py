"""Saving written answers while the learner types, and when their session runs out mid-post."""

from functools import partial

from flask import g
from flask_login import current_user
from flask_wtf.csrf import generate_csrf
from sqlalchemy import select

from quizapp.database import reads_first, write_together
from quizapp.extensions import csrf, db
from quizapp.learn import bp, journey
from quizapp.learn.forms import AutosaveForm, question_key
from quizapp.models import Attempt, NotFound, Role
from quizapp.models.types import utcnow
from quizapp.records.attempts import is_open, own_attempt_brief, save_written_answer
from quizapp.security import checks_own_text, expiry_savers, requires

PAGE_EXPIRED = "This page has expired"
SUBMITTED = "This module has been submitted, so its answers cannot change"


@bp.route("/attempts/<int:attempt_id>/autosave", methods=["POST"])
@requires(Role.LEARNER)
@checks_own_text
@csrf.exempt  # checked by the form, so the answer says why it failed instead of a page
@reads_first
def autosave(attempt_id):
    form = AutosaveForm()
    error, status = autosave_answer(own_attempt_brief(current_user, attempt_id, posted_key(form)), form)
    if error == PAGE_EXPIRED:
        # After signing in again in another tab the page's token is stale: hand it a fresh one.
        # Only a page on this site can read this answer, just as it could read any form's token.
        return {"saved": False, "error": error, "csrf_token": generate_csrf()}, status
    if error:
        return {"saved": False, "error": error}, status
    return {"saved": True, "saved_at": utcnow().isoformat(), "idle_seconds_left": g.idle_seconds_left}


def posted_key(form: AutosaveForm) -> str | None:
    """Return the key of the question an autosave post names, read with the attempt (see own_attempt_brief)."""
    return question_key(form.question.data or "")


def autosave_answer(attempt, form: AutosaveForm) -> tuple[str | None, int]:
    """Save and commit one written answer from an autosave post; return an error message and status, if any.

    attempt: read by own_attempt_brief with the form's posted_key.
    """
    if not form.validate():
        return (PAGE_EXPIRED if form.csrf_token.errors else next(iter(form.errors.values()))[0]), 400
    if attempt.written_question_id is None:
        return "That question is not part of this module", 400
    if not is_open(attempt):
        return SUBMITTED, 409
    text, now = form.value.data or "", utcnow()
    saved = write_together(
        partial(save_written_answer, attempt=attempt, question_id=attempt.written_question_id, text=text, now=now)
    )
    return (None, 200) if saved else (SUBMITTED, 409)


def _attempt_of(user, view_args: dict) -> Attempt | None:
    return db.session.scalar(
        select(Attempt).where(Attempt.id == view_args.get("attempt_id"), Attempt.user_id == user.id)
    )


def save_page_after_timeout(user, view_args: dict) -> bool:
    """Save the written answers of a page posted just after the learner's session ran out."""
    attempt = _attempt_of(user, view_args)
    if attempt is None or not is_open(attempt) or view_args.get("page_key") == journey.CHECK_ANSWERS:
        return False
    saved = journey.save_texts_only(journey.page_view(attempt, view_args["page_key"]), utcnow())
    db.session.commit()
    return saved


def autosave_after_timeout(user, view_args: dict) -> bool:
    """Keep what an autosave sent just after the learner's session ran out."""
    form = AutosaveForm()
    try:
        attempt = own_attempt_brief(user, view_args.get("attempt_id", 0), posted_key(form))
    except NotFound:
        return False
    return autosave_answer(attempt, form)[0] is None


expiry_savers["learn.page"] = save_page_after_timeout
expiry_savers["learn.autosave"] = autosave_after_timeout
