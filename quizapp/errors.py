"""Error pages in the service's own design, never a stack trace."""

import logging

from flask import Flask, render_template, request
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from quizapp.extensions import db
from quizapp.models import NotFound

PAGES = {
    400: ("There is a problem with your request", ["Go back and try again."]),
    401: ("You need to sign in", ["Sign in to continue."]),
    403: ("You do not have permission to see this page", ["If you think you should, ask your administrator."]),
    404: (
        "Page not found",
        [
            "If you typed the web address, check it is correct.",
            "If you pasted the web address, check you copied the entire address.",
        ],
    ),
    405: ("There is a problem with your request", ["Go back and try again."]),
    413: ("What you sent is too large", ["Go back, shorten it and try again."]),
    429: ("You have tried too many times", ["Wait a minute, then try again."]),
    500: ("Sorry, there is a problem with the service", ["Try again later. Nothing you saved has been lost."]),
    503: ("Sorry, the service is unavailable", ["Try again later."]),
}
EXPIRED_FORM = (
    "This form has expired",
    [
        "For your security, forms expire when you have been signed out or the page was open for a long time.",
        "Go back, refresh the page and try again. Anything you saved before is still there.",
    ],
)


def init_app(app: Flask) -> None:
    """Register one handler for every HTTP error, expired forms and unexpected exceptions."""
    app.register_error_handler(CSRFError, _expired_form)
    app.register_error_handler(NotFound, _not_found)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected_error)


def render_error(status: int, title: str, paragraphs: list[str]):
    """Render the shared error page with a status code."""
    if request.headers.get("X-Requested-With") == "fetch":
        return {"error": title}, status
    return render_template("errors/error.html", title=title, paragraphs=paragraphs), status


def one_line(text: str) -> str:
    """Return text with line breaks and other control characters escaped, safe for one log line."""
    return "".join(ch if ch.isprintable() else ch.encode("unicode_escape").decode("ascii") for ch in text)


def _expired_form(error: CSRFError):
    return render_error(400, *EXPIRED_FORM)


def _not_found(error: NotFound):
    return render_error(404, *PAGES[404])


def _http_error(error: HTTPException):
    title, paragraphs = PAGES.get(error.code or 500, PAGES[400])
    return render_error(error.code or 500, title, paragraphs)


def _unexpected_error(error: Exception):
    db.session.rollback()
    # Escaped so that a path holding a line break cannot forge a log line.
    logging.getLogger(__name__).exception("Unhandled error on %s", one_line(request.path))
    return render_error(500, *PAGES[500])
