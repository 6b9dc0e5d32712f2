"""The report's filters rendered once per process: the same markup as each field rendered afresh, whatever is chosen."""

import pytest
from bs4 import BeautifulSoup
from werkzeug.datastructures import MultiDict

from quizapp.models import Scope
from quizapp.records.report import report_options
from quizapp.records.scope import ManagerScope
from quizapp.reports.forms import ReportFilterForm
from quizapp.templating import govuk_field

PARAMS = {"classes": "govuk-!-width-full"}


def html(markup) -> BeautifulSoup:
    return BeautifulSoup(str(markup), "html.parser")


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
    seen = set()
    for form in forms:
        for field in form:
            # Twice: the second time the remembered markup is served.
            assert govuk_field(field, PARAMS) == govuk_field(field, PARAMS) == field(params=PARAMS)
            seen.add((field.name, str(govuk_field(field, PARAMS))))
    chosen = html(govuk_field(forms[1].profession, PARAMS)).select_one("option[selected]")
    assert chosen is not None and chosen["value"] == "Nurse"
    assert len({markup for name, markup in seen if name == "profession"}) == 2  # not the first one served again


def test_a_field_in_error_shows_its_own_message(filter_form):
    wrong = filter_form(completed_from=("31", "2", "2026"))
    assert wrong.completed_from.errors
    markup = html(govuk_field(wrong.completed_from, PARAMS))
    assert markup.select_one(".govuk-error-message").get_text(strip=True).endswith(wrong.completed_from.errors[0])
    assert 'value="31"' in str(markup)
