import base64
import os

import pytest
from django.core.management import call_command
from django.db import connection

from certify.records import crypto
from certify.records.models import CertificationRequest, FamilyMember, RequestEvent
from tests.conftest import make_request


def raw_row(table: str, pk: int) -> dict:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT * FROM {table} WHERE id = %s", [pk])  # noqa: S608
        columns = [c[0] for c in cursor.description]
        return dict(zip(columns, cursor.fetchone(), strict=True))


def new_key() -> str:
    return base64.urlsafe_b64encode(os.urandom(32)).decode()


def test_the_database_holds_no_victim_name_in_clear_text(world):
    req = world.advocate_request
    FamilyMember.objects.create(request=req, full_name="Lucía Peña", relationship="child")
    row = raw_row("certify_certificationrequest", req.pk)
    flat = " ".join(str(value) for value in row.values())
    for secret in ("José", "Peña", "Núñez", "1990-04-02", "attacked"):
        assert secret not in flat
    assert row["family_name"].startswith("gAAAA")  # a Fernet token
    member = FamilyMember.objects.get(request=req)
    assert "Lucía" not in str(raw_row("certify_familymember", member.pk))


def test_python_code_reads_the_values_back(world):
    req = CertificationRequest.objects.get(pk=world.advocate_request.pk)
    assert req.family_name == "Peña Núñez"
    assert req.given_name == "José"
    assert req.date_of_birth.isoformat() == "1990-04-02"


def test_an_a_number_is_found_through_its_keyed_hash(world):
    make_request(
        created_by=world.users["victim"],
        filed_by="victim",
        agency=world.agency_a,
        a_number="A-012 345 678",
    )
    found = CertificationRequest.objects.filter(a_number_index=crypto.blind_index("a012345678"))
    assert found.count() == 1
    assert found.get().a_number == "A-012 345 678"
    assert crypto.blind_index("A012345679") != found.get().a_number_index


def test_rotate_keys_reencrypts_so_the_old_key_can_be_dropped(world, settings):
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    req = world.advocate_request
    before = raw_row("certify_certificationrequest", req.pk)["family_name"]
    event = RequestEvent.objects.filter(request=req).first()

    fresh = new_key()
    settings.FIELD_ENCRYPTION_KEYS = [fresh, old_key]
    call_command("rotate_keys", stdout=open(os.devnull, "w"))  # noqa: SIM115
    after = raw_row("certify_certificationrequest", req.pk)["family_name"]
    assert after != before

    settings.FIELD_ENCRYPTION_KEYS = [fresh]
    assert CertificationRequest.objects.get(pk=req.pk).family_name == "Peña Núñez"
    assert RequestEvent.objects.get(pk=event.pk).kind == event.kind


def test_reading_with_an_unknown_key_fails_loudly(world, settings):
    settings.FIELD_ENCRYPTION_KEYS = [new_key()]
    from django.core.exceptions import ImproperlyConfigured

    with pytest.raises(ImproperlyConfigured):
        CertificationRequest.objects.get(pk=world.advocate_request.pk).family_name  # noqa: B018


def test_sessions_are_stored_encrypted(client, db):
    from django.contrib.sessions.models import Session

    session = client.session
    session["wizard_answer"] = "Nguyễn Thị Ánh"
    session.save()
    stored = Session.objects.get(session_key=session.session_key).session_data
    assert "Nguy" not in stored
    # A Fernet token (version byte 0x80), which our key opens to Django's signed payload.
    assert stored.startswith("gAAAAA")
    assert ":" in crypto.decrypt_str(stored)
    assert client.session["wizard_answer"] == "Nguyễn Thị Ánh"


def test_a_session_is_written_only_when_its_content_changed(db, django_assert_num_queries):
    from certify.site.sessions import SessionStore

    store = SessionStore()
    store["step"] = "crime"
    store.save(must_create=True)
    again = SessionStore(session_key=store.session_key)
    again["step"] = "crime"  # read from the database, marked modified, same content
    assert again.modified
    with django_assert_num_queries(0):
        again.save()
    again["step"] = "helpfulness"
    again.save()
    assert SessionStore(session_key=store.session_key)["step"] == "helpfulness"


def test_rotate_keys_reencrypts_sessions_and_wizard_temp_files(client, world, settings, tmp_path):
    from django.contrib.sessions.models import Session
    from django.core.files.base import ContentFile

    from certify.records.temp_uploads import TempUploadStorage

    settings.PRIVATE_STORAGE_DIR = tmp_path
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    session = client.session
    session["wizard_answer"] = "Nguyễn Thị Ánh"
    session.save()
    storage = TempUploadStorage()
    name = storage.save("report.pdf", ContentFile(b"%PDF- the victim's police report"))

    fresh = new_key()
    settings.FIELD_ENCRYPTION_KEYS = [fresh, old_key]
    call_command("rotate_keys", stdout=open(os.devnull, "w"))  # noqa: SIM115

    settings.FIELD_ENCRYPTION_KEYS = [fresh]
    stored = Session.objects.get(session_key=session.session_key).session_data
    crypto.decrypt_str(stored)  # the new key alone opens it
    assert client.session["wizard_answer"] == "Nguyễn Thị Ánh"
    with storage.open(name) as handle:
        assert handle.read() == b"%PDF- the victim's police report"
