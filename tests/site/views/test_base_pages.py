from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from certify.records.models import CertificationRequest, User
from tests.support.otp import code_for


def test_healthz_reports_the_database(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}


def test_healthz_answers_503_when_the_database_fails(client, db, monkeypatch):
    class BrokenConnection:
        def cursor(self):
            raise RuntimeError("down")

    monkeypatch.setattr("certify.site.views.connection", BrokenConnection())
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


def test_the_404_page_is_accessible_html(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert b"<h1>Page not found</h1>" in response.content
    assert b'<html lang="en" dir="ltr">' in response.content


def test_the_403_page_explains(client, world):
    client.force_login(world.users["advocate"])
    response = client.get(reverse("agency_queue"))
    assert response.status_code == 403
    assert "You cannot see this page" in response.content.decode()


def test_the_500_page_renders_without_a_request_context():
    from django.template.loader import render_to_string

    html = render_to_string("500.html")
    assert "Sorry, there is a problem with the service" in html
    assert 'lang="es"' in html


def test_the_language_switch_shows_spanish(client, db):
    response = client.post(reverse("set_language"), {"language": "es", "next": "/"})
    assert response.status_code == 302
    page = client.get("/").content.decode()
    assert '<html lang="es" dir="ltr">' in page
    assert "Solicite una certificación de visa U o T" in page


def test_signed_in_pages_are_not_cached(client, world):
    client.force_login(world.users["advocate"])
    response = client.get(reverse("request_list"))
    assert "no-store" in response["Cache-Control"]


def test_the_demo_data_loads_twice_without_change(db, settings, tmp_path):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    counts = (User.objects.count(), CertificationRequest.objects.count())
    statuses = set(CertificationRequest.objects.values_list("status", flat=True))
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert (User.objects.count(), CertificationRequest.objects.count()) == counts
    assert counts[1] == 60
    assert statuses == set(CertificationRequest.Status.values)
    assert set(CertificationRequest.objects.values_list("form", flat=True)) == {"U", "T"}
    assert CertificationRequest.objects.filter(preferred_language="es").exists()


def test_every_demo_request_the_agency_signed_is_complete_and_sealed(db, settings, tmp_path):
    from certify.records.models import Agency, SealedPdf
    from workflows import review

    settings.PRIVATE_STORAGE_DIR = tmp_path
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    signed = CertificationRequest.objects.filter(status__in=["certified", "cert_withdrawn"])
    assert signed.count() >= 12
    for req in signed:
        assert review.blank_items(req) == [], req.reference
        scan = SealedPdf.objects.get(request=req, kind="signed_scan")
        assert req.documents.get(kind="signed_supplement").sha256 == scan.sha256
    # Nothing unsigned carries a seal.
    assert not SealedPdf.objects.filter(kind="official_copy").exists()
    # The demo covers every level of government and every category Part 2 asks for.
    assert set(Agency.objects.values_list("level", flat=True)) == set(Agency.Level.values)
    assert set(Agency.objects.values_list("category", flat=True)) == set(Agency.Category.values)
    assert Agency.objects.filter(kind="adult_protective").exists()


def test_every_demo_role_signs_in_with_the_readme_password(db, settings):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    expectations = {
        "victim@demo.certify.example": "Your requests",
        "advocate@demo.certify.example": "Your organisation",
        "coordinator@demo.certify.example": "Open requests for your agency",
        "official@demo.certify.example": "Open requests for your agency",
        "lead@demo.certify.example": "Agencies you lead",
        "admin@demo.certify.example": "Site administration",
    }
    for email, text in expectations.items():
        client = Client()
        response = client.post(
            reverse("login"), {"username": email, "password": settings.DEMO_PASSWORD}
        )
        assert response.status_code == 302, email
        if "victim" not in email and "advocate" not in email:
            # Staff and admins: the README's demo TOTP secret passes the second step.
            step = client.get("/")
            assert step["Location"].startswith(reverse("two_factor_verify")), email
            response = client.post(reverse("two_factor_verify"), {"code": code_for()})
            assert response.status_code == 302, email
        home = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
        assert text in home, email


def test_a_wrong_password_shows_an_error_summary(client, db):
    response = client.post(reverse("login"), {"username": "nobody@example.org", "password": "x"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Error: Sign in" in html
    assert "There is a problem" in html
