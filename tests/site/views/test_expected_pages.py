"""The privacy notice, the accessibility statement, the favicon and the admin's name."""

from django.test import Client
from django.urls import reverse


def test_the_privacy_notice_gives_the_real_periods_and_the_delete_path(client, db, settings):
    settings.RETENTION_DAYS_AFTER_CLOSE = {
        "certified": 1111,
        "denied": 1112,
        "cert_withdrawn": 1113,
        "withdrawn": 222,
    }
    settings.DRAFT_EXPIRY_DAYS = 33
    html = client.get(reverse("privacy")).content.decode()
    for figure in ("1111 days", "1112 days", "1113 days", "222 days", "33 days"):
        assert figure in html
    for heading in ("What we collect", "Why", "Who sees it", "How long we keep it"):
        assert f">{heading}</h2>" in html
    assert "How to delete it" in html and "“Delete”" in html


def test_the_privacy_notice_and_accessibility_statement_are_in_spanish(db):
    client = Client(headers={"Accept-Language": "es"})
    assert "Aviso de privacidad" in client.get(reverse("privacy")).content.decode()
    assert "Declaración de accesibilidad" in client.get(reverse("accessibility")).content.decode()


def test_a_deletable_draft_has_its_delete_link(client, world):
    client.force_login(world.users["advocate"])
    html = client.get(reverse("request_list")).content.decode()
    assert reverse("request_delete", args=[world.draft.reference]) in html
    assert reverse("request_delete", args=[world.advocate_request.reference]) not in html


def test_the_favicon_is_linked_and_served(client, db):
    html = client.get(reverse("home")).content.decode()
    assert 'rel="icon"' in html and "favicon.svg" in html and "favicon.png" in html
    response = client.get("/favicon.ico")
    assert response.status_code == 302 and response["Location"].endswith(".ico")


def test_the_admin_is_branded_certify(client, world):
    from django.contrib import admin

    assert admin.site.site_header == "certify administration"
    assert admin.site.site_title == "certify admin"
    response = client.get("/admin/login/")
    assert "certify administration" in response.content.decode()
    assert "Django administration" not in response.content.decode()
