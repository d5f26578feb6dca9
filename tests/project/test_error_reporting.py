"""Error reports leave the server without personal data: no names, bodies, cookies or e-mails."""

import json
import logging

import pytest
import sentry_sdk
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from django.test import Client, RequestFactory
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from sentry_sdk.transport import Transport

from certify import error_reporting
from certify.records.models import User
from certify.site.access import public

VICTIM_GIVEN = "Quinnabel"
VICTIM_FAMILY = "Secretwood"
VICTIM_EMAIL = "quinnabel.secretwood@example.org"
A_NUMBER = "A-201-555-987"


@public
@csrf_exempt  # called through the WSGI handler, without the test client's CSRF pass
def _file_request(request):
    # A bug that meets a victim's answers: they sit in local variables and in the message.
    family_name = request.POST.get("family_name", "")
    answers = {"given_name": VICTIM_GIVEN, "a_number": A_NUMBER}
    int(family_name)  # ValueError quoting the name (source lines are sent: no names here)
    return answers


urlpatterns = [
    path("", include("certify.urls")),
    path("test-only/file/", _file_request, name="test_file_request"),
]


class CapturingTransport(Transport):
    def __init__(self, options=None):
        super().__init__(options)
        self.envelopes = []

    def capture_envelope(self, envelope):
        self.envelopes.append(envelope)


@pytest.fixture
def reporting():
    transport = CapturingTransport()
    error_reporting.start("https://public@errors.example.invalid/1", transport=transport)
    try:
        yield transport
    finally:
        sentry_sdk.get_client().close()
        sentry_sdk.get_global_scope().set_client(None)


def sent(transport) -> str:
    return "".join(envelope.serialize().decode() for envelope in transport.envelopes)


def events(transport) -> list[dict]:
    return [
        item.payload.json
        for envelope in transport.envelopes
        for item in envelope.items
        if item.type == "event"
    ]


def assert_no_victim_data(text: str) -> None:
    for secret in (VICTIM_GIVEN, VICTIM_FAMILY, VICTIM_EMAIL, "quinnabel", "201-555-987"):
        assert secret.lower() not in text.lower(), secret


def call_wsgi(environ) -> int:
    """Through Django's WSGI handler, as gunicorn calls it: the SDK's WSGI layer, which
    collects headers, cookies and the query string, sees the request too."""
    statuses = []
    application = get_wsgi_application()
    # As Django's test client does: the request must not close the test's connection.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        body = application(environ, lambda status, headers, *exc: statuses.append(status))
        b"".join(body)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return int(statuses[0].split()[0])


@pytest.mark.urls(__name__)
def test_an_error_with_a_victims_name_reaches_the_report_without_it(db, reporting):
    user = User.objects.create_user(email=VICTIM_EMAIL, password="x" * 12)
    client = Client()
    client.force_login(user)
    environ = (
        RequestFactory()
        .post(
            f"/test-only/file/?given_name={VICTIM_GIVEN}",
            {"family_name": VICTIM_FAMILY, "given_name": VICTIM_GIVEN, "email": VICTIM_EMAIL},
            HTTP_COOKIE=f"sessionid={client.cookies['sessionid'].value}; note={VICTIM_GIVEN}",
            HTTP_REFERER=f"http://testserver/apply/?family_name={VICTIM_FAMILY}",
        )
        .environ
    )

    assert call_wsgi(environ) == 500

    captured = events(reporting)
    assert len(captured) == 1, "the error was not reported"
    event = captured[0]
    exception = event["exception"]["values"][-1]
    assert exception["type"] == "ValueError"
    assert exception["value"] == "invalid literal for int() with base 10: '[redacted]'"
    assert any(f["function"] == "_file_request" for f in exception["stacktrace"]["frames"])
    assert event["request"] == {"method": "POST", "url": "http://testserver/test-only/file/"}
    assert "user" not in event
    assert_no_victim_data(sent(reporting))


def test_the_scrubber_removes_what_any_integration_might_add():
    event = {
        "request": {
            "method": "POST",
            "url": f"https://certify.example.org/apply/?name={VICTIM_GIVEN}#{VICTIM_FAMILY}",
            "query_string": f"name={VICTIM_GIVEN}",
            "data": {"family_name": VICTIM_FAMILY},
            "cookies": {"sessionid": "abc", "note": VICTIM_GIVEN},
            "headers": {"Cookie": f"note={VICTIM_GIVEN}", "Referer": f"/?q={VICTIM_FAMILY}"},
            "env": {"REMOTE_ADDR": "203.0.113.9"},
        },
        "user": {"id": "7", "email": VICTIM_EMAIL, "ip_address": "203.0.113.9"},
        "extra": {"sys.argv": ["manage.py", VICTIM_FAMILY]},
        "server_name": "web-1",
        "exception": {
            "values": [
                {
                    "type": "IntegrityError",
                    "value": f"Key (email)=({VICTIM_EMAIL}) already exists. {A_NUMBER}",
                    "stacktrace": {
                        "frames": [{"function": "save", "vars": {"name": VICTIM_GIVEN}}]
                    },
                }
            ]
        },
        "threads": {
            "values": [{"stacktrace": {"frames": [{"vars": {"family_name": VICTIM_FAMILY}}]}}]
        },
        "logentry": {
            "message": "could not send to %s",
            "params": [VICTIM_EMAIL],
            "formatted": f"could not send to {VICTIM_EMAIL} about 1990-04-02",
        },
        "breadcrumbs": {
            "values": [
                {"category": "query", "message": f"SELECT 1 WHERE x = '{VICTIM_FAMILY}'"},
                {"category": "httplib", "data": {"url": f"https://x.example/?n={VICTIM_GIVEN}"}},
                {"category": "certify", "message": f'looked up "{VICTIM_GIVEN} {VICTIM_FAMILY}"'},
            ]
        },
    }

    scrubbed = error_reporting.scrub_event(event)

    text = json.dumps(scrubbed)
    assert_no_victim_data(text)
    assert "1990-04-02" not in text and "203.0.113.9" not in text
    assert scrubbed["request"] == {"method": "POST", "url": "https://certify.example.org/apply/"}
    assert scrubbed["exception"]["values"][0]["type"] == "IntegrityError"
    assert scrubbed["exception"]["values"][0]["stacktrace"]["frames"] == [{"function": "save"}]
    assert scrubbed["breadcrumbs"]["values"][0]["message"] == "SELECT 1 WHERE x = '[redacted]'"


def test_a_logged_error_is_reported_without_its_arguments(reporting):
    logging.getLogger("certify.test").error("notice to %s failed", VICTIM_EMAIL)
    captured = events(reporting)
    assert len(captured) == 1
    assert captured[0]["logentry"]["message"] == "notice to %s failed"
    assert_no_victim_data(sent(reporting))
