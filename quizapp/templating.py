"""Template loading from the design system packages, and shared filters."""

from datetime import date, datetime
from functools import lru_cache

import markdown as markdown_lib
import nh3
from flask import Flask, current_app, request, url_for
from flask.templating import Environment as FlaskEnvironment
from govuk_frontend_wtf.main import WTFormsHelpers
from govuk_frontend_wtf.wtforms_widgets import (
    GovCharacterCount,
    GovCheckboxesInput,
    GovDateInput,
    GovRadioInput,
    GovSelect,
)
from jinja2 import ChoiceLoader, PackageLoader, PrefixLoader
from markupsafe import Markup, escape

from quizapp.curriculum.pages import PageKind
from quizapp.models.curriculum import MAX_ANSWER_LENGTH, QuestionKind

ALLOWED_TAGS = {"p", "ul", "ol", "li", "strong", "em", "a", "h3", "h4", "blockquote", "br"}


class Environment(FlaskEnvironment):
    """Flask's Jinja environment, with each template's globals a plain dict.

    Jinja gives a template its globals as a ChainMap over the environment's, and checks them key by key each time a
    template imports a macro: a page importing thirty GOV.UK macros spent a tenth of its time there. Every global is
    registered while the app is built, before any template loads, so a copy taken at load time misses nothing.
    """

    def make_globals(self, d):
        return {**self.globals, **(d or {})}


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
    app.jinja_env.globals["govuk"] = govuk
    app.jinja_env.globals["url_for"] = template_url_for


# Module content is rendered on every page view but never changes once loaded: keep the recent results.
@lru_cache(maxsize=2048)
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


# What a per-process cache holds at most before it starts again; a page's parts number in the hundreds.
MOST_REMEMBERED = 4096


def remembered(cache: dict, key, make):
    """Return cache[key], making and keeping it first if it is missing; a full cache is emptied, not grown."""
    value = cache.get(key)
    if value is None:
        value = make()
        keep(cache, key, value)
    return value


def keep(cache: dict, key, value, most: int = MOST_REMEMBERED) -> None:
    """Keep a value in a per-process cache of at most `most` entries: a full cache is emptied, not grown."""
    if len(cache) >= most:
        cache.clear()
    cache[key] = value


# GOV.UK components rendered by the design system's macros, by component and params.
_components: dict[tuple[str, str], Markup] = {}


def govuk(component: str, params: dict) -> Markup:
    """Render a GOV.UK component, e.g. govuk("button", {...}), through its design-system macro.

    A component macro's output depends on nothing but its params, so the busiest pages' buttons, back links and
    inset text are rendered once per process for the same params.
    """

    def render() -> Markup:
        name = "govuk" + "".join(word.capitalize() for word in component.split("-"))
        module = current_app.jinja_env.get_template(f"govuk_frontend_jinja/components/{component}/macro.html").module
        return Markup(getattr(module, name)(params))

    return remembered(_components, (component, repr(params)), render)


# URLs templates have built, by the path the app is served under, the endpoint and its values.
_urls: dict[tuple, str] = {}
_KEY_TYPES = frozenset({str, int, bool})


def template_url_for(endpoint: str, **values) -> str:
    """Flask's url_for for templates, working out each URL once per process.

    A path depends on nothing but the endpoint, its values and the path the app is served under (the app sets no
    URL defaults, see tests/unit/test_template_urls.py), and every page builds ten or more of them for its layout.
    External URLs, anchors, relative endpoints and values of other types are left to url_for.
    """
    if endpoint[0] == "." or any(name[0] == "_" or type(value) not in _KEY_TYPES for name, value in values.items()):
        return url_for(endpoint, **values)
    # With each value's type: True and 1 are equal keys but make different URLs.
    key = (request.script_root, endpoint, *[(name, type(value), value) for name, value in values.items()])
    return remembered(_urls, key, lambda: url_for(endpoint, **values))


def uk_date(value: date | datetime | None) -> str:
    """Format a date the GOV.UK way: 22 November 2026."""
    return f"{value.day} {value:%B %Y}" if value else ""


def uk_datetime(value: datetime | None) -> str:
    """Format a date and time the GOV.UK way: 22 November 2026 at 3:04pm."""
    if not value:
        return ""
    return f"{uk_date(value)} at {value:%-I:%M%p}".replace("AM", "am").replace("PM", "pm")


class DirectRender:
    """Render a govuk-frontend-wtf widget from the Jinja environment rather than through Flask's render_template.

    The widget templates only call a GOV.UK macro with the params they are given, so they need none of the
    context processors that render_template runs again for every field of a page.
    """

    template: str

    def render(self, params):
        return Markup(current_app.jinja_env.get_template(self.template).render(params=params))


# Rendered written-answer fields with a mark where the answer goes, by everything else the field shows.
_blank_fields: dict[str, str] = {}
_ANSWER_MARK = "\x00answer\x00"  # a NUL never reaches a form value (security.refuse_unstorable_input)


class CharacterCount(DirectRender, GovCharacterCount):
    """GOV.UK character count for written answers.

    A module's fields never change, only the answers in them: each field is rendered by the design system's macro
    once per process, and the learner's answer, escaped, is put in its place. A field with an error is rendered
    afresh each time.
    """

    def render(self, params):
        if params.get("errorMessage"):
            return super().render(params)
        render = super().render
        key = repr({**params, "value": None})
        blank = remembered(_blank_fields, key, lambda: str(render({**params, "value": _ANSWER_MARK})))
        if blank.count(_ANSWER_MARK) != 1:
            return super().render(params)
        return Markup(blank.replace(_ANSWER_MARK, str(escape(params.get("value") or ""))))


# Rendered radios, checkboxes, selects and dates, by widget template and everything the field shows.
_choice_fields: dict[tuple[str, str], Markup] = {}


class RememberedRender(DirectRender):
    """A widget rendered once per process for the same params, as govuk() does for components.

    The design system's macro makes its markup from the params alone (name, items with their checked flags, hint,
    legend, error message), and a role's or a confidence question's choices are the same for every learner.
    """

    def render(self, params):
        render = super().render
        return remembered(_choice_fields, (self.template, repr(params)), lambda: render(params))


class Checkboxes(RememberedRender, GovCheckboxesInput):
    """GOV.UK checkboxes."""


class Radios(RememberedRender, GovRadioInput):
    """GOV.UK radios."""


class Select(RememberedRender, GovSelect):
    """GOV.UK select: a report's filters offer dozens of teams, the same for every manager of an area."""


class DateInput(RememberedRender, GovDateInput):
    """GOV.UK date input: day, month and year boxes."""
