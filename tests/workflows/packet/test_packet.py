"""The printable packet for an agency that is not on certify."""

from __future__ import annotations

import io
from datetime import date

from pypdf import PdfReader

from certify.records.models import Agency, ServiceArea
from tests.conftest import make_request
from workflows.packet import build_packet, cover_letter


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
        other_names=[{"family_name": "Díaz", "given_name": "Rosa", "middle_name": ""}],
        case_number="OPD-25-0042",
        crime_dates=["2025-01-02"],
        crime_city="Oakland",
        crime_county="Alameda",
        helped_ways=["reported", "statements"],
        helpfulness_details="Gave a statement to Officer Lee the same night.",
        narrative_in_english=True,
        safe_channels=["mail"],
        safe_mailing_address="PO Box 77\nOakland, CA 94601",
    )

    pdf = PdfReader(io.BytesIO(build_packet(req, today=date(2025, 3, 1))))
    letter_pages = len(PdfReader(io.BytesIO(cover_letter(req, date(2025, 3, 1)))).pages)
    # Lines wrap wherever the layout puts them; compare with the breaks flattened.
    letter = " ".join(" ".join(page.extract_text() for page in pdf.pages[:letter_pages]).split())
    assert "Cal. Penal Code 679.10" in letter
    assert "30 calendar days" in letter
    # 30 days from 1 March 2025.
    assert "March 31, 2025" in letter
    assert "1 Frank H. Ogawa Plaza" in letter and "Oakland, CA 94612" in letter
    assert req.reference in letter
    # The case, the help given, and where the signed form goes back to.
    assert "OPD-25-0042" in letter
    assert "January 2, 2025" in letter
    assert "Oakland, Alameda County, CA" in letter
    assert "Reported the crime; Gave statements or answered questions" in letter
    assert "Gave a statement to Officer Lee" in letter
    assert "Where to return the signed supplement PO Box 77 Oakland, CA 94601" in letter
    assert "8 CFR 214.14(c)(2)(i)" in letter
    # The victim's name is for Part 1, not the cover letter.
    assert "José" not in letter
    supplement = "\n".join(page.extract_text() for page in pdf.pages[letter_pages:])
    assert len(pdf.pages) > 1
    fields = {k: v.get("/V") for k, v in (pdf.get_fields() or {}).items()}
    assert any(v == "Peña Núñez" for v in fields.values()) or "Peña Núñez" in supplement
    # Other names used, and the agency's own details in Part 2, come from the request too.
    assert "Díaz" in fields.values() and "Rosa" in fields.values()
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
