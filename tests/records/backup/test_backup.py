"""`manage.py backup` and `restore`: one encrypted archive, restored into an empty installation."""

import io
import shutil
import tarfile
from datetime import date

import pytest
from cryptography.fernet import Fernet
from django.core.management import CommandError, call_command

from certify.records import backup, documents
from certify.records.models import AuditEntry, CertificationRequest, SupportingDocument, User
from tests.conftest import make_request
from tests.support.samples import TINY_PDF

FAMILY_NAME = "Peña Secretwood"

# A restore empties the tables (TRUNCATE on PostgreSQL), which cannot run inside the
# transaction an ordinary test is wrapped in: these tests commit, and the database is flushed
# after each (serialized rollback brings back the rows data migrations load). Emptying the audit
# tables is the owner's right, not the application role's: .ci/run runs these as the owner.
pytestmark = [pytest.mark.django_db(transaction=True, serialized_rollback=True), pytest.mark.owner]


@pytest.fixture
def installation(settings, tmp_path):
    settings.BACKUP_KEYS = [Fernet.generate_key().decode()]
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    return tmp_path


@pytest.fixture
def filed(installation, world):
    request = make_request(
        created_by=world.users["victim"],
        filed_by="victim",
        agency=world.agency_a,
        family_name=FAMILY_NAME,
        given_name="Quinnabel",
        date_of_birth=date(1991, 5, 17),
        a_number="A201555987",
    )
    document = documents.store(
        actor=world.users["victim"],
        certification_request=request,
        kind="police_report",
        content=TINY_PDF,
        original_name="report-secretwood.pdf",
    )
    return request, document


def wipe(settings) -> None:
    """A new, empty installation: a freshly migrated database and no private files."""
    call_command("flush", interactive=False, verbosity=0)
    shutil.rmtree(settings.PRIVATE_STORAGE_DIR, ignore_errors=True)


def unpack(path) -> dict[str, bytes]:
    """The archive's members in plain bytes (as the restore reads them)."""
    from django.conf import settings

    fernet = backup._fernet(list(settings.BACKUP_KEYS))
    with path.open("rb") as source:
        reader = backup._DecryptingReader(source, fernet)
        with tarfile.open(fileobj=reader, mode="r|gz") as archive:
            return {m.name: archive.extractfile(m).read() for m in archive if m.isfile()}


def test_a_backup_restores_a_victims_name_and_document_into_an_empty_installation(
    filed, settings, installation, capsys
):
    request, document = filed
    audit_entries = AuditEntry.objects.count()
    path = installation / "certify.backup"

    call_command("backup", str(path))
    assert "Backup written" in capsys.readouterr().out
    wipe(settings)
    assert not CertificationRequest.objects.exists()
    assert not User.objects.exists()

    call_command("restore", str(path))

    assert "Restore complete" in capsys.readouterr().out
    restored = CertificationRequest.objects.get(reference=request.reference)
    assert restored.family_name == FAMILY_NAME
    assert restored.given_name == "Quinnabel"
    assert restored.date_of_birth == date(1991, 5, 17)
    restored_document = SupportingDocument.objects.get(pk=document.pk)
    assert restored_document.original_name == "report-secretwood.pdf"
    assert documents.read_content(restored_document) == TINY_PDF
    # Ids are kept, so audit entries (which hold plain ids) still point at the same rows.
    assert AuditEntry.objects.count() == audit_entries
    assert User.objects.get(email="victim@example.org").check_password(settings.DEMO_PASSWORD)


def test_the_archive_is_encrypted_and_victim_fields_stay_encrypted_inside_it(
    filed, settings, installation
):
    path = installation / "certify.backup"
    call_command("backup", str(path))

    raw = path.read_bytes()
    assert raw.startswith(backup.MAGIC)
    assert b"victim@example.org" not in raw
    members = unpack(path)
    assert set(members) >= {"manifest.json", "database.jsonl"}
    assert any(name.startswith("private/documents/") for name in members)
    dump = members["database.jsonl"].decode()
    assert "victim@example.org" in dump  # readable only with BACKUP_KEYS
    for secret in ("Secretwood", "Quinnabel", "1991-05-17", "A201555987", "report-secretwood"):
        assert secret not in dump, secret
    assert TINY_PDF not in b"".join(members.values())


def test_restore_refuses_an_installation_that_is_not_empty(filed, installation):
    path = installation / "certify.backup"
    call_command("backup", str(path))
    before = sorted(CertificationRequest.objects.values_list("reference", flat=True))

    with pytest.raises(CommandError, match="only into an empty installation"):
        call_command("restore", str(path))
    assert sorted(CertificationRequest.objects.values_list("reference", flat=True)) == before


@pytest.mark.parametrize("damage", ["flip a byte", "cut short", "wrong key"])
def test_a_damaged_archive_or_wrong_key_is_refused_and_leaves_nothing_behind(
    filed, settings, installation, damage
):
    path = installation / "certify.backup"
    call_command("backup", str(path))
    wipe(settings)
    data = bytearray(path.read_bytes())
    if damage == "flip a byte":
        data[len(data) // 2] ^= 0x01
        expected = "wrong key, or a damaged file"
    elif damage == "cut short":
        data = data[: len(data) - 50]
        expected = "cut short"
    else:
        settings.BACKUP_KEYS = [Fernet.generate_key().decode()]
        expected = "wrong key"
    path.write_bytes(bytes(data))

    with pytest.raises(CommandError, match=expected):
        call_command("restore", str(path))
    assert not User.objects.exists()
    assert not any(p.is_file() for p in settings.PRIVATE_STORAGE_DIR.rglob("*"))


def test_a_backup_of_another_version_is_refused(filed, settings, installation, monkeypatch):
    path = installation / "certify.backup"
    applied = backup._applied_migrations()
    monkeypatch.setattr(backup, "_applied_migrations", lambda: [*applied, ["certify", "9999_x"]])
    call_command("backup", str(path))
    monkeypatch.undo()
    wipe(settings)

    with pytest.raises(CommandError, match="another version of certify"):
        call_command("restore", str(path))


def test_backup_needs_a_key_and_a_new_file(db, settings, tmp_path):
    settings.BACKUP_KEYS = []
    with pytest.raises(CommandError, match="Set BACKUP_KEYS"):
        call_command("backup", str(tmp_path / "x.backup"))
    settings.BACKUP_KEYS = [Fernet.generate_key().decode()]
    existing = tmp_path / "existing.backup"
    existing.write_text("keep me")
    with pytest.raises(CommandError, match="already exists"):
        call_command("backup", str(existing))
    assert existing.read_text() == "keep me"


def test_restore_refuses_a_file_that_is_not_a_backup(db, settings, tmp_path):
    settings.BACKUP_KEYS = [Fernet.generate_key().decode()]
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    User.objects.all().delete()
    other = tmp_path / "notes.txt"
    other.write_bytes(b"hello")
    with pytest.raises(CommandError, match="not a certify backup"):
        call_command("restore", str(other))


def test_an_archive_with_a_path_outside_the_private_folder_is_refused(settings, tmp_path, db):
    settings.BACKUP_KEYS = [Fernet.generate_key().decode()]
    settings.PRIVATE_STORAGE_DIR = tmp_path / "private"
    fernet = backup._fernet(settings.BACKUP_KEYS)
    path = tmp_path / "evil.backup"
    manifest = (
        b'{"format": 1, "migrations": '
        + str(backup._applied_migrations()).replace("'", '"').encode()
        + b"}"
    )
    with path.open("wb") as out:
        writer = backup._EncryptingWriter(out, fernet)
        with tarfile.open(fileobj=writer, mode="w|gz") as archive:
            for name, data in (("manifest.json", manifest), ("private/../../escape.txt", b"x")):
                info = tarfile.TarInfo(name)
                info.size = len(data)
                archive.addfile(info, io.BytesIO(data))
        writer.finish()

    with pytest.raises(CommandError, match="unsafe path"):
        call_command("restore", str(path))
    assert not (tmp_path / "escape.txt").exists()
