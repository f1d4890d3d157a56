"""The base layout and the error pages, rendered by Flask with the app's Jinja set-up.

A small application is built here from the real pieces (``configure_jinja``, the real error
handlers, the real Content-Security-Policy builder) with a few test routes, so the layout can be
checked on its own: titles, the error summary, flashed messages, the CSP nonce, assets, and the
absence of inline styles and event handlers.
"""

from __future__ import annotations

from pathlib import Path
from xml.etree.ElementTree import Element

import html5lib
import pytest
from flask import Flask, Response, abort, flash, g, render_template_string
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict
from wtforms import Form, RadioField, SelectChoice
from wtforms.validators import InputRequired

import valuedcare
from valuedcare import errors
from valuedcare.extensions import db
from valuedcare.jinja import configure_jinja, csp_nonce
from valuedcare.security import content_security_policy

SERVICE = "Valued care self-assessment"
STATIC = Path(valuedcare.__file__).parent / "static"

PAGE = """{% extends "layouts/base.html" %}
{% block page_title %}Culture{% endblock %}
{% block content %}<h1>Culture</h1>{% endblock %}"""
UNTITLED = """{% extends "layouts/base.html" %}{% block content %}<h1>Start</h1>{% endblock %}"""
FLAGGED = """{% extends "layouts/base.html" %}{% set has_errors = true %}
{% block page_title %}Sign in{% endblock %}{% block content %}<h1>Sign in</h1>{% endblock %}"""
FORM_PAGE = """{% extends "layouts/base.html" %}
{% from "components/radios.html" import radios %}
{% block page_title %}Culture{% endblock %}
{% block content %}<h1>Culture</h1>
{{ radios(radios_params(form.q1, legend="Psychological safety")) }}{% endblock %}"""


class QuestionForm(Form):
    q1 = RadioField(
        choices=[SelectChoice("1", "Beginning"), SelectChoice("2", "Emerging")],
        validators=[InputRequired("Select how safe people feel to speak up")],
    )


def _add_test_routes(app: Flask) -> None:
    @app.get("/page")
    def page() -> str:
        return render_template_string(PAGE)

    @app.get("/untitled")
    def untitled() -> str:
        return render_template_string(UNTITLED)

    @app.get("/flagged")
    def flagged() -> str:
        return render_template_string(FLAGGED)

    @app.get("/form")
    def form_page() -> str:
        form = QuestionForm(MultiDict({"q1": "9"}))
        form.validate()
        return render_template_string(FORM_PAGE, form=form)

    @app.get("/flash")
    def flashed() -> str:
        flash("Your answers were saved", "success")
        flash("The <deadline> is Friday", "info")
        return render_template_string(PAGE)

    @app.get("/status/<int:code>")
    def status(code: int) -> str:
        abort(code)

    @app.get("/boom")
    def boom() -> str:
        raise RuntimeError("secret details that must not be shown")


@pytest.fixture(scope="module")
def layout_app() -> Flask:
    app = Flask(
        "valuedcare",
        root_path=str(Path(valuedcare.__file__).parent),
        static_folder="static",
        static_url_path="/assets",
    )
    app.config.update(SECRET_KEY="test", SQLALCHEMY_DATABASE_URI="sqlite://")
    db.init_app(app)
    configure_jinja(app)
    errors.register_error_handlers(app)
    _add_test_routes(app)

    @app.after_request
    def add_csp(response: Response) -> Response:
        response.headers["Content-Security-Policy"] = content_security_policy(g.get("csp_nonce"))
        return response

    return app


@pytest.fixture
def client(layout_app: Flask) -> FlaskClient:
    return layout_app.test_client()


def parse(response_text: str) -> Element:
    return html5lib.parse(response_text, treebuilder="etree", namespaceHTMLElements=False)


def title_of(response_text: str) -> str:
    return parse(response_text).find(".//title").text.strip()


def test_page_title_names_the_page_the_service_and_nhs(client: FlaskClient) -> None:
    assert title_of(client.get("/page").text) == f"Culture – {SERVICE} – NHS"


def test_page_without_its_own_title_uses_the_service_name(client: FlaskClient) -> None:
    assert title_of(client.get("/untitled").text) == f"{SERVICE} – NHS"


def test_has_errors_prefixes_the_title(client: FlaskClient) -> None:
    assert title_of(client.get("/flagged").text) == f"Error: Sign in – {SERVICE} – NHS"


def test_form_errors_prefix_the_title_and_fill_the_error_summary(client: FlaskClient) -> None:
    document = parse(client.get("/form").text)
    assert document.find(".//title").text.strip() == f"Error: Culture – {SERVICE} – NHS"
    main = document.find(".//main")
    summary = main.find(".//div[@class='nhsuk-error-summary']")
    link = summary.find(".//ul/li/a")
    assert link.get("href") == "#q1"
    assert link.text.strip() == "Not a valid choice."
    assert document.find(".//input[@id='q1']") is not None
    # The summary comes before the page's heading, as NHS.UK asks.
    order = [element.tag for element in main.iter() if element.tag in {"h1", "h2"}]
    assert order[:2] == ["h2", "h1"]


def test_header_names_the_service_and_links_home(client: FlaskClient) -> None:
    document = parse(client.get("/page").text)
    service = document.find(".//header//span[@class='nhsuk-header__service-name']")
    assert service.text.strip() == SERVICE
    assert document.find(".//header//a[@class='nhsuk-header__service-logo']").get("href") == "/"


def test_footer_links_to_accessibility_statement_and_privacy(client: FlaskClient) -> None:
    document = parse(client.get("/page").text)
    links = {link.text.strip(): link.get("href") for link in document.findall(".//footer//ul/li/a")}
    assert links == {
        "Accessibility statement": "/accessibility-statement",
        "Privacy": "/privacy",
    }


def test_flashed_messages_show_in_notification_banners(client: FlaskClient) -> None:
    text = client.get("/flash").text
    document = parse(text)
    banners = document.findall(".//main//div[@data-module='nhsuk-notification-banner']")
    assert [banner.get("role") for banner in banners] == ["alert", "region"]
    assert "nhsuk-notification-banner--success" in banners[0].get("class")
    assert "Your answers were saved" in "".join(banners[0].itertext())
    assert "The &lt;deadline&gt; is Friday" in text


def test_inline_script_carries_the_nonce_of_the_csp_header(client: FlaskClient) -> None:
    first = client.get("/page")
    second = client.get("/page")
    scripts = parse(first.text).findall(".//script")
    inline = [script for script in scripts if not script.get("src")]
    assert len(inline) == 1
    nonce = inline[0].get("nonce")
    assert len(nonce) >= 22
    assert f"'nonce-{nonce}'" in first.headers["Content-Security-Policy"]
    assert f"'nonce-{nonce}'" not in second.headers["Content-Security-Policy"]


def test_csp_nonce_is_created_once_per_request(layout_app: Flask) -> None:
    with layout_app.test_request_context("/"):
        assert "csp_nonce" not in g
        nonce = csp_nonce()
        assert g.csp_nonce == nonce == csp_nonce()


@pytest.mark.parametrize("path", ["/page", "/form", "/flash", "/status/404", "/boom"])
def test_pages_have_no_inline_styles_or_event_handlers(client: FlaskClient, path: str) -> None:
    document = parse(client.get(path).text)
    for element in document.iter():
        names = set(element.attrib)
        assert "style" not in names, element.tag
        assert not [name for name in names if name.startswith("on")], element.tag
    assert document.find(".//style") is None


def test_layout_loads_app_css_and_the_module_script_from_assets(client: FlaskClient) -> None:
    document = parse(client.get("/page").text)
    stylesheets = [link.get("href") for link in document.findall(".//link[@rel='stylesheet']")]
    modules = [script.get("src") for script in document.findall(".//script[@type='module']")]
    assert stylesheets == ["/assets/css/app.css"]
    assert modules == ["/assets/js/init.mjs"]


def test_chart_pages_load_vega_and_its_stylesheets_before_app_css(layout_app: Flask) -> None:
    source = '{% extends "layouts/base.html" %}{% set with_charts = true %}'
    with layout_app.test_request_context("/"):
        document = parse(render_template_string(source))
    stylesheets = [link.get("href") for link in document.findall(".//link[@rel='stylesheet']")]
    scripts = [script.get("src") for script in document.findall(".//script") if script.get("src")]
    assert stylesheets == [
        "/assets/vendor/vega-embed.css",
        "/assets/vendor/vega-tooltip.css",
        "/assets/css/app.css",
    ]
    assert scripts == [
        "/assets/vendor/vega.min.js",
        "/assets/vendor/vega-lite.min.js",
        "/assets/vendor/vega-embed.min.js",
        "/assets/js/charts.js",
        "/assets/js/init.mjs",
    ]


def test_init_module_is_served_as_javascript(client: FlaskClient) -> None:
    response = client.get("/assets/js/init.mjs")
    assert response.status_code == 200
    assert response.mimetype == "text/javascript"
    assert "initAll" in response.text


def test_built_assets_are_served_when_present(client: FlaskClient) -> None:
    if not (STATIC / "css" / "app.css").exists():
        pytest.skip("front-end assets not built (npm ci && npm run build)")
    for path, mimetype in [
        ("/assets/css/app.css", "text/css"),
        ("/assets/nhsuk/nhsuk-frontend.min.js", "text/javascript"),
        ("/assets/nhsuk/images/favicon.svg", "image/svg+xml"),
        ("/assets/vendor/vega-embed.min.js", "text/javascript"),
    ]:
        response = client.get(path)
        assert (response.status_code, response.mimetype) == (200, mimetype), path


ERROR_PAGES = [
    ("/status/400", 400, "Sorry, there is a problem with your request"),
    ("/status/403", 403, "You cannot view this page"),
    ("/status/404", 404, "Page not found"),
    ("/no-such-page", 404, "Page not found"),
    ("/status/405", 405, "Sorry, there is a problem with your request"),
    ("/status/413", 413, "What you sent is too large"),
    ("/status/429", 429, "Too many attempts"),
    ("/boom", 500, "Sorry, there is a problem with the service"),
]


@pytest.mark.parametrize(("path", "status", "heading"), ERROR_PAGES)
def test_error_pages_say_what_happened_in_plain_words(
    client: FlaskClient, path: str, status: int, heading: str
) -> None:
    response = client.get(path)
    document = parse(response.text)
    assert response.status_code == status
    assert document.find(".//title").text.strip() == f"{heading} – {SERVICE} – NHS"
    assert document.find(".//main//h1").text.strip() == heading
    assert "Traceback" not in response.text
    assert "secret details" not in response.text


def test_expired_form_page_explains_what_to_do(layout_app: Flask) -> None:
    with layout_app.test_request_context("/"):
        text = render_template_string('{% include "errors/400.html" %}', reason="csrf")
    assert title_of(text) == f"This page has expired – {SERVICE} – NHS"
    assert "reload it and send your answers again" in text
