"""Radios and checkboxes are rendered once per process for the same params, and as the design system renders them."""

from govuk_frontend_wtf.wtforms_widgets import GovRadioInput
from werkzeug.datastructures import MultiDict

from quizapp.learn.forms import StartForm
from quizapp.templating import DirectRender, _choice_fields


class Afresh(DirectRender, GovRadioInput):
    """Radios rendered by the design system's macro, remembering nothing."""


def afresh(field) -> str:
    return str(Afresh()(field))


def test_a_field_is_rendered_as_the_macro_renders_it_and_then_remembered(app):
    with app.test_request_context("/", method="POST", data={"role": "police"}):
        form = StartForm(meta={"csrf": False})
        first = str(form.role())

        assert first == afresh(form.role)
        assert 'value="police" checked' in first
        assert str(form.role()) == first and len(_choice_fields) >= 1


def test_another_choice_or_an_error_is_rendered_afresh(app):
    with app.test_request_context("/"):
        empty = StartForm(meta={"csrf": False})
        chosen = StartForm(MultiDict({"role": "health-visiting"}), meta={"csrf": False})
        wrong = StartForm(MultiDict({"role": ""}), meta={"csrf": False})
        wrong.validate()

        shown = [str(empty.role()), str(chosen.role()), str(wrong.role())]

        assert len(set(shown)) == 3
        assert "checked" not in shown[0] and 'value="health-visiting" checked' in shown[1]
        assert "Select your role" in shown[2] == afresh(wrong.role)
