"""Uploads: active PDFs, unreadable files, image payloads and hostile names are refused."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, TextStringObject

from certify.records import documents
from tests.certify import samples


@pytest.fixture(autouse=True)
def private_dir(tmp_path, settings):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    return tmp_path


def refused(content: bytes) -> str:
    with pytest.raises(ValidationError) as error:
        documents.check_upload(content)
    return error.value.code


def js_action() -> DictionaryObject:
    return DictionaryObject(
        {
            NameObject("/S"): NameObject("/JavaScript"),
            NameObject("/JS"): TextStringObject("app.alert(1)"),
        }
    )


def test_a_plain_pdf_is_accepted():
    assert documents.check_upload(samples.TINY_PDF).extension == "pdf"


def test_a_pdf_with_javascript_on_open_is_refused():
    assert refused(samples.pdf({NameObject("/OpenAction"): js_action()})) == "pdf_active_content"


def test_a_pdf_with_a_launch_action_is_refused():
    launch = DictionaryObject(
        {NameObject("/S"): NameObject("/Launch"), NameObject("/F"): TextStringObject("cmd.exe")}
    )
    assert refused(samples.pdf({NameObject("/OpenAction"): launch})) == "pdf_active_content"


def test_a_pdf_with_embedded_files_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    writer.add_attachment("invoice.exe", b"MZ\x90\x00")
    out = io.BytesIO()
    writer.write(out)
    assert refused(out.getvalue()) == "pdf_active_content"


def test_a_pdf_with_an_obfuscated_name_is_refused():
    plain = samples.pdf({NameObject("/OpenAction"): js_action()})
    hidden = plain.replace(b"/JavaScript", b"/J#61vaScript").replace(b"/JS ", b"/J#53 ")
    assert b"/JavaScript" not in hidden
    assert refused(hidden) == "pdf_active_content"


def test_javascript_inside_a_compressed_object_stream_is_found():
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    writer._root_object[NameObject("/Names")] = DictionaryObject(
        {
            NameObject("/JavaScript"): DictionaryObject(
                {NameObject("/Names"): ArrayObject([TextStringObject("x"), js_action()])}
            )
        }
    )
    writer.compress_identical_objects()
    out = io.BytesIO()
    writer.write(out)
    assert refused(out.getvalue()) == "pdf_active_content"


def test_a_pdf_that_does_not_parse_is_refused():
    assert refused(b"%PDF-1.7\n" + b"\x00garbage" * 50) == "pdf_unreadable"


def test_a_pdf_with_a_real_password_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-128")
    out = io.BytesIO()
    writer.write(out)
    assert refused(out.getvalue()) == "pdf_encrypted"


def test_a_broken_image_is_refused():
    assert refused(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64) == "image_unreadable"
    assert refused(b"\xff\xd8\xff\xe0" + b"\x00" * 64) == "image_unreadable"


def test_an_image_over_the_pixel_limit_is_refused(settings):
    settings.DOCUMENT_MAX_PIXELS = 100
    assert refused(samples.image("PNG", size=(20, 20))) == "image_unreadable"


def test_an_executable_renamed_or_an_empty_file_is_refused():
    assert refused(b"MZ\x90\x00" + b"\x00" * 64) == "bad_type"
    assert refused(b"") == "empty"


def test_images_are_re_encoded_without_their_metadata(world):
    exif = Image.Exif()
    exif[0x010E] = "home address in the description"  # ImageDescription
    original = samples.image("JPEG", size=(8, 8), exif=exif.tobytes())
    payload = original + b"PK\x03\x04 appended archive"
    document = documents.store(
        actor=world.users["advocate"],
        certification_request=world.advocate_request,
        kind="other",
        content=payload,
        original_name="photo.jpg",
    )
    stored = documents.read_content(document)
    assert b"home address" not in stored and b"PK\x03\x04" not in stored
    assert Image.open(io.BytesIO(stored)).size == (8, 8)


def test_the_number_of_documents_per_request_is_limited(world, settings):
    settings.DOCUMENT_MAX_PER_REQUEST = 2
    for _ in range(2):
        documents.store(
            actor=world.users["advocate"],
            certification_request=world.advocate_request,
            kind="other",
            content=samples.TINY_PDF,
        )
    with pytest.raises(ValidationError) as error:
        documents.store(
            actor=world.users["advocate"],
            certification_request=world.advocate_request,
            kind="other",
            content=samples.TINY_PDF,
        )
    assert error.value.code == "too_many"


def test_file_names_are_never_trusted(world, private_dir):
    name = "..\\..\\report\u202egpj.exe\x00\x07.pdf"
    document = documents.store(
        actor=world.users["advocate"],
        certification_request=world.advocate_request,
        kind="other",
        content=samples.TINY_PDF,
        original_name=name,
    )
    assert document.original_name == "reportgpj.exe.pdf"
    assert [p.name.endswith(".pdf.enc") for p in (private_dir / "documents").iterdir()] == [True]
    assert "report" not in document.storage_name
