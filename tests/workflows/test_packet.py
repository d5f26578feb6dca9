"""The printable packet for an agency that is not on certify."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from certify.records.models import Agency, ServiceArea
from tests.conftest import make_request
from workflows.packet import build_packet


def test_the_packet_cites_the_law_the_due_date_and_the_address_and_fills_part_1(world):
    agency = Agency.objects.create(
        name="Oakland City Attorney", slug="oak-ca", kind="city_attorney", state="CA",
        street="1 Frank H. Ogawa Plaza", city="Oakland", zip_code="94612", on_certify=False,
    )  # fmt: skip
    ServiceArea.objects.create(agency=agency, county="Alameda", city="Oakland")
    req = make_request(
        created_by=world.users["victim"],
        filed_by="victim",
        agency=agency,
        other_names=["Rosa Díaz"],
    )

    pdf = PdfReader(io.BytesIO(build_packet(req, today=date(2025, 3, 1))))
    # Lines wrap wherever the layout puts them; compare with the breaks flattened.
    letter = " ".join(pdf.pages[0].extract_text().split())
    assert "Cal. Penal Code 679.10" in letter
    assert "30 calendar days" in letter
    # 30 days from 1 March 2025.
    assert "March 31, 2025" in letter
    assert "1 Frank H. Ogawa Plaza" in letter and "Oakland, CA 94612" in letter
    assert req.reference in letter
    # The victim's name is for Part 1, not the cover letter.
    assert "José" not in letter
    supplement = "\n".join(page.extract_text() for page in pdf.pages[1:])
    assert len(pdf.pages) > 1
    fields = {k: v.get("/V") for k, v in (pdf.get_fields() or {}).items()}
    assert any(v == "Peña Núñez" for v in fields.values()) or "Peña Núñez" in supplement
    # Other names used, and the agency's own details in Part 2, come from the request too.
    assert "Rosa Díaz" in fields.values()
    assert "Oakland City Attorney" in fields.values()


def test_a_state_without_a_statute_is_quoted_as_policy(world):
    agency = Agency.objects.create(
        name="Boise Police", slug="boise", kind="police", state="ID", on_certify=False,
        target_days=45,
    )  # fmt: skip
    req = make_request(created_by=world.users["victim"], filed_by="victim", agency=agency)
    letter = PdfReader(io.BytesIO(build_packet(req, today=date(2025, 3, 1)))).pages[0]
    text = " ".join(letter.extract_text().split())
    assert "No state law sets a deadline" in text and "agency policy, not law" in text
    assert "published target is 45 calendar days" in text
    assert "April 15, 2025" in text
