"""Health check, error pages and security headers."""

from flask import url_for

from tests.conftest import make_app, parse


def test_healthz_reports_a_reachable_database(client):
    response = client.get(url_for("site.healthz"))

    assert response.status_code == 200
    assert response.json == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_is_unreachable(tmp_path):
    app = make_app(
        "postgresql+psycopg://nobody@127.0.0.1:1/none",
        SQLALCHEMY_ENGINE_OPTIONS={"connect_args": {"connect_timeout": 1}},
    )

    response = app.test_client().get("/healthz")

    assert response.status_code == 503
    assert response.json["database"] == "unreachable"


def test_unknown_page_is_a_designed_404(client):
    response = client.get("/no-such-page")

    page = parse(response)
    assert response.status_code == 404
    assert page.select_one("h1").text == "Page not found"
    assert page.select_one(".govuk-generic-header").text.strip() == "City & Hackney Safeguarding Children Partnership"


def test_a_form_without_its_token_gets_the_expired_form_page(client):
    response = client.post(url_for("auth.sign_in"), data={"email": "a@example.org", "password": "x"})

    assert response.status_code == 400
    assert parse(response).select_one("h1").text == "This form has expired"


def test_an_unexpected_error_is_a_designed_500_without_details(_schema):
    app = make_app(_schema)

    @app.route("/boom")
    def boom():
        raise RuntimeError("secret internals")

    response = app.test_client().get("/boom")

    assert response.status_code == 500
    assert "secret internals" not in response.get_data(as_text=True)
    assert parse(response).select_one("h1").text == "Sorry, there is a problem with the service"


def test_pages_send_a_strict_content_security_policy(client):
    response = client.get(url_for("auth.sign_in"))

    csp = response.headers["Content-Security-Policy"]
    nonce = csp.split("'nonce-")[1].split("'")[0]
    assert "default-src 'self'" in csp and "unsafe-inline" not in csp
    assert f'nonce="{nonce}"' in response.get_data(as_text=True)
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"
