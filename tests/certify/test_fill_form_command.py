from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from certify.records.models import SealedPdf
from forms.editions import get_edition
from forms.fill import read_back

I918B = get_edition("I-918B", None)


def field(values: dict[str, str], key: str) -> str:
    [spec] = I918B.by_key[key]
    return values[spec.pdf_name]


def test_it_writes_the_requesters_copy_with_part_1(world, tmp_path):
    out = tmp_path / "requester.pdf"
    call_command("fill_form", world.victim_request.reference, "--out", str(out), stdout=StringIO())
    values = read_back(out.read_bytes())
    assert field(values, "victim.family_name") == "Peña Núñez"
    assert field(values, "victim.given_name") == "José"
    assert field(values, "victim.date_of_birth") == "04/02/1990"
    assert field(values, "victim.a_number") in {"None", "N/A"}
    assert field(values, "agency.name") == "Agency A Police"
    assert not SealedPdf.objects.exists()


def test_the_officials_copy_is_sealed(world, tmp_path):
    out = tmp_path / "official.pdf"
    call_command(
        "fill_form",
        world.advocate_request.reference,
        "--out",
        str(out),
        "--copy",
        "official",
        stdout=StringIO(),
    )
    sealed = SealedPdf.objects.get(request=world.advocate_request)
    assert sealed.sha256 == __import__("hashlib").sha256(out.read_bytes()).hexdigest()


def test_an_unknown_reference_is_a_clear_error(db, tmp_path):
    with pytest.raises(CommandError, match="No request has the reference"):
        call_command("fill_form", "U-NOPE-NOPE", "--out", str(tmp_path / "x.pdf"))


def test_filling_from_the_command_line_writes_an_audit_entry(world, tmp_path):
    from certify.records.models import AuditEntry

    reference = world.victim_request.reference
    call_command("fill_form", reference, "--out", str(tmp_path / "x.pdf"), stdout=StringIO())
    entry = AuditEntry.objects.filter(request_reference=reference, action="export").get()
    assert entry.actor_id is None
    assert entry.actor_label == "command: fill_form"
    assert "requester" in entry.detail
