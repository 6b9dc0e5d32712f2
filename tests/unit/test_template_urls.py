"""Templates' URLs are worked out once per process, and still come out as url_for makes them."""

import pytest
from flask import url_for

from quizapp.templating import template_url_for


def test_the_app_sets_no_url_defaults_that_remembered_urls_would_miss(app):
    assert not any(app.url_default_functions.values())
    assert not any(app.url_value_preprocessors.values())


@pytest.mark.parametrize(
    ("endpoint", "values"),
    [
        ("static", {"filename": "dist/app.css"}),
        ("learn.my_learning", {}),
        ("learn.page", {"attempt_id": 7, "page_key": "case"}),
        ("learn.page", {"attempt_id": 7, "page_key": "case", "change": True}),
        ("learn.page", {"attempt_id": 7, "page_key": "case", "change": 1}),
        ("auth.sign_in", {"next": "/my-learning?theme=neglect"}),
        ("learn.my_learning", {"_anchor": "completed"}),
        ("learn.my_learning", {"_external": True}),
        ("learn.my_learning", {"theme": ["a", "b"]}),
    ],
)
def test_a_remembered_url_is_the_one_url_for_makes(app, endpoint, values):
    with app.test_request_context("/"):
        assert template_url_for(endpoint, **values) == url_for(endpoint, **values)
        assert template_url_for(endpoint, **values) == url_for(endpoint, **values)


def test_an_app_served_under_a_path_gets_its_own_urls(app):
    with app.test_request_context("/"):
        at_root = template_url_for("learn.my_learning")
    with app.test_request_context("/", base_url="http://localhost/learning"):
        under_path = template_url_for("learn.my_learning")

    assert at_root == "/my-learning" and under_path == "/learning/my-learning"
