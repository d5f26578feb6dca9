"""The letters read as sentences in each language once their placeholders are filled."""

import io
from datetime import date

from pypdf import PdfReader

from workflows.letters import denial_letter, withdrawal_letter


def _text(pdf: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(pdf)).pages
    )


def _spanish(req):
    req.preferred_language = "es"
    req.denial_reason = "insufficient_records"
    req.signature_date = date(2026, 3, 2)
    req.save(update_fields=["preferred_language", "denial_reason", "signature_date"])
    return req


def test_the_denial_letter_names_the_form_in_brackets_in_english_and_spanish(world):
    text = _text(denial_letter(_spanish(world.victim_request), code="X", on=date(2026, 4, 1)))
    assert "has reviewed your request for certification (U visa: Form I-918 Supplement B)." in text
    assert "revisó su solicitud de certificación (Visa U: Formulario I-918" in text
    assert "puede volver a pedir la certificación" in text


def test_the_withdrawal_letter_names_the_form_in_brackets_in_english_and_spanish(world):
    req = _spanish(world.victim_request)
    text = _text(withdrawal_letter(req, code="X", on=date(2026, 4, 1), reason="New facts."))
    assert "withdraws the certification (U visa: Form I-918 Supplement B) that it signed on" in text
    assert "retira la certificación (Visa U: Formulario I-918" in text
