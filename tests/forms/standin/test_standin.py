from __future__ import annotations

import io

from pypdf import PdfReader

from forms.editions import Edition, Kind
from forms.standin import STANDIN_MARK, standin_bytes


def test_the_standin_is_as_awkward_as_the_official_file(edition: Edition) -> None:
    reader = PdfReader(io.BytesIO(standin_bytes(edition)))
    assert reader.is_encrypted
    encrypt = reader.trailer["/Encrypt"].get_object()
    assert encrypt["/V"] == 5 and encrypt["/CF"]["/StdCF"]["/CFM"] == "/AESV3"  # AES-256
    assert reader.decrypt("")
    root = reader.trailer["/Root"]
    assert "/XFA" in root["/AcroForm"]
    assert "/Perms" in root


def test_the_standin_uses_the_full_hierarchical_field_names(edition: Edition) -> None:
    reader = PdfReader(io.BytesIO(standin_bytes(edition)))
    reader.decrypt("")
    terminal = {name for name, f in reader.get_fields().items() if "/FT" in f}
    assert terminal == set(edition.by_pdf_name)
    assert [str(f["/T"]) for f in reader.trailer["/Root"]["/AcroForm"]["/Fields"]] == ["form1[0]"]


def test_no_standin_checkbox_turns_on_with_yes(edition: Edition) -> None:
    reader = PdfReader(io.BytesIO(standin_bytes(edition)))
    reader.decrypt("")
    fields = reader.get_fields()
    states = {
        name: set(fields[name]["/_States_"]) - {"/Off"}
        for name, spec in edition.by_pdf_name.items()
        if spec.kind is Kind.CHECKBOX
    }
    assert all(len(s) == 1 for s in states.values())
    on = {next(iter(s)) for s in states.values()}
    assert "/Yes" not in on
    assert len(on) >= 4


def test_every_standin_page_says_it_is_not_the_official_form(edition: Edition) -> None:
    reader = PdfReader(io.BytesIO(standin_bytes(edition)))
    reader.decrypt("")
    assert len(reader.pages) == edition.page_count
    for page in reader.pages:
        assert STANDIN_MARK in page.extract_text()
