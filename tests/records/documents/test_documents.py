import pytest
from django.core.exceptions import ValidationError

from certify.records import documents
from tests.support import samples

PDF = samples.TINY_PDF
PNG = samples.image("PNG")
JPEG = samples.image("JPEG")


@pytest.fixture(autouse=True)
def private_dir(tmp_path, settings):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    return tmp_path


@pytest.mark.parametrize("content,kind", [(PDF, "pdf"), (PNG, "png"), (JPEG, "jpg")])
def test_it_recognises_the_allowed_types_by_content(content, kind):
    assert documents.check_upload(content).extension == kind


def test_it_refuses_a_renamed_executable():
    with pytest.raises(ValidationError) as error:
        documents.check_upload(b"MZ\x90\x00" + b"\x00" * 64)
    assert error.value.code == "bad_type"


def test_it_refuses_a_file_over_the_limit(settings):
    settings.DOCUMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        documents.check_upload(PDF + b"0" * 2048)
    assert error.value.code == "too_large"


def test_a_stored_document_is_encrypted_on_disk_and_reads_back(world, private_dir):
    document = documents.store(
        actor=world.users["advocate"],
        certification_request=world.advocate_request,
        kind="police_report",
        content=PDF,
        original_name="../../etc/José García.pdf",
    )
    stored = list((private_dir / "documents").iterdir())
    assert len(stored) == 1
    assert PDF not in stored[0].read_bytes()
    assert "García" not in stored[0].name
    assert document.original_name == "José García.pdf"
    assert documents.read_content(document) == PDF
    assert document.sha256 == __import__("hashlib").sha256(PDF).hexdigest()
