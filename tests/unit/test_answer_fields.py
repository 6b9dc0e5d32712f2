"""Written-answer fields rendered once per process show exactly what the design system's macro shows."""

import pytest
from govuk_frontend_wtf.wtforms_widgets import GovCharacterCount
from wtforms import Form, TextAreaField

from quizapp import create_app
from quizapp.templating import CharacterCount

HOSTILE = ['<script>alert("x")</script>', '"></textarea><img src=x onerror=alert(1)>', "&amp; tom & jerry", ""]


class Library(Form):
    answer = TextAreaField("What would you do next?", widget=GovCharacterCount(), description="In your own words")


class Ours(Form):
    answer = TextAreaField("What would you do next?", widget=CharacterCount(), description="In your own words")


@pytest.fixture(scope="module")
def request_context():
    app = create_app({"SECRET_KEY": "unit-test-secret-key-of-enough-length", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    with app.test_request_context():
        yield


def rendered(form_class, value: str, error: str | None = None) -> str:
    form = form_class(data={"answer": value})
    if error:
        form.answer.errors = [error]
    return str(form.answer(params={"maxlength": 20000, "attributes": {"data-autosave": "true"}}))


@pytest.mark.parametrize("value", HOSTILE)
def test_a_field_shows_its_answer_escaped_exactly_as_the_design_system_does(request_context, value):
    rendered(Ours, "an answer seen before, so the field is rendered from the process's copy")

    assert rendered(Ours, value) == rendered(Library, value)
    assert "<script>" not in rendered(Ours, value) and "<img" not in rendered(Ours, value)


def test_two_learners_answers_to_one_field_each_show_their_own(request_context):
    first, second = rendered(Ours, "Mine: I would ask the father"), rendered(Ours, "Theirs: I would call the GP")

    assert "Mine: I would ask the father</textarea>" in first and "Theirs" not in first
    assert "Theirs: I would call the GP</textarea>" in second and "Mine" not in second


def test_a_field_with_an_error_shows_the_error_by_the_field(request_context):
    rendered(Ours, "seen without an error first")

    with_error = rendered(Ours, "too short", error="Write at least 50 characters")

    assert with_error == rendered(Library, "too short", error="Write at least 50 characters")
    assert "Write at least 50 characters" in with_error and "govuk-form-group--error" in with_error


@pytest.mark.parametrize(
    "component, macro, params",
    [
        ("button", "govukButton", {"text": "Save and continue", "preventDoubleClick": True}),
        ("button", "govukButton", {"text": "Start now", "isStartButton": True}),
        ("back-link", "govukBackLink", {"text": 'Back to "<b>"', "href": "/my-learning"}),
        ("inset-text", "govukInsetText", {"text": "Do not write names <script>"}),
    ],
)
def test_a_component_rendered_once_is_what_its_macro_renders(request_context, component, macro, params):
    from flask import current_app

    from quizapp.templating import govuk

    path = f"govuk_frontend_jinja/components/{component}/macro.html"
    expected = str(getattr(current_app.jinja_env.get_template(path).module, macro)(params))

    assert str(govuk(component, params)) == expected
    assert str(govuk(component, dict(params))) == expected  # from the process's copy
    assert "<script>" not in expected and "<b>" not in expected
