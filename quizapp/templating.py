"""Template loading from the design system packages, and shared filters."""

from datetime import date, datetime

import markdown as markdown_lib
import nh3
from flask import Flask
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from markupsafe import Markup

from quizapp.curriculum.pages import PageKind
from quizapp.models.curriculum import MAX_ANSWER_LENGTH, QuestionKind

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "h3", "h4", "blockquote", "br"}


def init_app(app: Flask) -> None:
    """Let templates import the GOV.UK macros and use our filters."""
    app.jinja_loader = ChoiceLoader(
        [
            PackageLoader("quizapp"),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    WTFormsHelpers(app)
    app.jinja_env.filters["markdown"] = render_markdown
    app.jinja_env.filters["uk_date"] = uk_date
    app.jinja_env.filters["uk_datetime"] = uk_datetime
    # Templates compare with the same enums and limits as the Python code, never with bare strings.
    app.jinja_env.globals.update(PageKind=PageKind, QuestionKind=QuestionKind, MAX_ANSWER_LENGTH=MAX_ANSWER_LENGTH)


def render_markdown(text: str) -> Markup:
    """Render trusted-format Markdown to sanitised HTML with GOV.UK classes."""
    html = nh3.clean(markdown_lib.markdown(text or ""), tags=ALLOWED_TAGS, attributes={"a": {"href"}})
    html = (
        html.replace("<p>", '<p class="govuk-body">')
        .replace("<ul>", '<ul class="govuk-list govuk-list--bullet">')
        .replace("<ol>", '<ol class="govuk-list govuk-list--number">')
        .replace("<a ", '<a class="govuk-link" ')
    )
    return Markup(html)


def uk_date(value: date | datetime | None) -> str:
    """Format a date the GOV.UK way: 22 November 2026."""
    return f"{value.day} {value:%B %Y}" if value else ""


def uk_datetime(value: datetime | None) -> str:
    """Format a date and time the GOV.UK way: 22 November 2026 at 3:04pm."""
    if not value:
        return ""
    return f"{uk_date(value)} at {value:%-I:%M%p}".replace("AM", "am").replace("PM", "pm")
