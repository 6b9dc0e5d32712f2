"""The report's filters rendered once per process: the same markup as the design system's widgets make afresh."""

import pytest
from bs4 import BeautifulSoup
from govuk_frontend_wtf.wtforms_widgets import GovDateInput, GovSelect
from werkzeug.datastructures import MultiDict

from quizapp.models import Scope
from quizapp.records.report import report_options
from quizapp.records.scope import ManagerScope
from quizapp.reports.forms import ReportFilterForm
from quizapp.templating import DateInput

PARAMS = {"classes": "govuk-!-width-full"}


def html(markup) -> BeautifulSoup:
    return BeautifulSoup(str(markup), "html.parser")


def afresh(field) -> str:
    """Render a field with the design system's own widget, which remembers nothing."""
    widget = GovDateInput() if isinstance(field.widget, DateInput) else GovSelect()
    return widget(field, params=PARAMS)


@pytest.fixture
def filter_form(app, create_user, loaded_modules):
    create_user(agency="Homerton Healthcare", team="Health Visiting", profession="Nurse")
    options = report_options(ManagerScope(Scope.PARTNERSHIP))

    def make(completed_from=(), **chosen) -> ReportFilterForm:
        # The three boxes of a date share its name.
        form = ReportFilterForm(MultiDict([*chosen.items(), *(("completed_from", v) for v in completed_from)]), options)
        form.validate()
        return form

    with app.test_request_context("/reports/"):
        yield make


def test_each_field_is_the_markup_of_its_widget_for_any_choice(filter_form):
    forms = [
        filter_form(),
        filter_form(profession="Nurse", status="overdue"),
        filter_form(completed_from=("1", "4", "2026")),
        filter_form(completed_from=("31", "2", "2026")),
    ]
    for form in forms:
        for field in form:
            # Twice: the second time the remembered markup is served.
            assert field(params=PARAMS) == field(params=PARAMS) == afresh(field)
    chosen = html(forms[1].profession(params=PARAMS)).select_one("option[selected]")
    assert chosen is not None and chosen["value"] == "Nurse"
    assert html(forms[0].profession(params=PARAMS)).select_one("option[selected]")["value"] == ""


def test_a_field_in_error_shows_its_own_message_and_what_was_typed(filter_form):
    wrong = filter_form(completed_from=("31", "2", "2026"))
    assert wrong.completed_from.errors
    markup = html(wrong.completed_from(params=PARAMS))
    assert markup.select_one(".govuk-error-message").get_text(strip=True).endswith(wrong.completed_from.errors[0])
    assert [box["value"] for box in markup.select("input")] == ["31", "2", "2026"]
    assert not html(filter_form().completed_from(params=PARAMS)).select(".govuk-error-message")
