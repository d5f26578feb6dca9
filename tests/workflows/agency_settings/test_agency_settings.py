"""The lead's actions: each audited, each limited to the lead's own agency."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from certify.records import documents
from certify.records.models import AuditEntry, CertificationRequest, CertifyingOfficial
from tests.support.samples import TINY_PDF
from tests.workflows.conftest import assign
from workflows import agency_settings, letters
from workflows.lifecycle import transition
from workflows.models import Notice, NoticeKind, RoutingRule

Status = CertificationRequest.Status


def entries(obj) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(object_type=type(obj).__name__, object_id=str(obj.pk)))


def test_settings_change_every_language_of_the_instructions_and_are_audited(world):
    lead, agency = world.users["lead"], world.agency_a
    changed = agency_settings.update_settings(
        actor=lead,
        agency=agency,
        changes={
            "instructions_en": "Send the police report.",
            "instructions_es": "Envíe el informe policial.",
            "target_days": 45,
            "name": "Renamed",  # not the lead's to change
        },
    )
    agency.refresh_from_db()
    assert sorted(changed) == ["instructions_en", "instructions_es", "target_days"]
    assert (agency.instructions_es, agency.target_days, agency.name) == (
        "Envíe el informe policial.",
        45,
        "Agency A Police",
    )
    [entry] = entries(agency)
    assert entry.actor_id == lead.pk
    assert "instructions_es" in entry.detail and "Envíe" not in entry.detail


def test_another_agencys_staff_cannot_change_the_settings(world):
    for person in ("other_official", "coordinator", "official"):
        with pytest.raises(PermissionError):
            agency_settings.update_settings(
                actor=world.users[person], agency=world.agency_a, changes={"target_days": 5}
            )
    with pytest.raises(PermissionError):
        agency_settings.end_designation(
            actor=world.users["lead"], official=world.official_b, reason="not ours"
        )


def test_ending_a_designation_returns_the_officials_open_requests_to_the_queue(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    lead, coordinator = world.users["lead"], world.users["coordinator"]
    held = assign(world, world.advocate_request)
    in_review = transition(
        assign(world, world.victim_request), move="start_review", actor=world.users["official"]
    )
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        returned = agency_settings.end_designation(
            actor=lead, official=world.official_a, reason="Retired"
        )
    assert {r.pk for r in returned} == {held.pk, in_review.pk}
    for req in (held, in_review):
        req.refresh_from_db()
        assert (req.status, req.assigned_official_id) == (Status.RECEIVED, None)
        event = req.events.last()
        assert (event.kind, event.actor_id, event.note) == ("return_to_queue", lead.pk, "Retired")
    official = CertifyingOfficial.objects.get(pk=world.official_a.pk)
    assert not official.active and official.end_date is not None
    assert entries(official)[0].reason == "Retired"
    notices = Notice.objects.filter(kind=NoticeKind.RETURNED)
    assert {(n.recipient_id, n.request_id) for n in notices} == {
        (coordinator.pk, held.pk),
        (coordinator.pk, in_review.pk),
    }
    assert {m.to[0] for m in mailoutbox} == {coordinator.email}
    assert all("Retired" not in m.body and "back in your queue" in m.body for m in mailoutbox)
    # The official may no longer act on it.
    assert not world.users["official"].has_perm("certify.complete_request", held)


def test_the_designation_letter_is_stored_encrypted(world, tmp_path, settings):
    settings.PRIVATE_STORAGE_DIR = tmp_path
    official = world.official_a
    agency_settings.update_official(
        actor=world.users["lead"],
        official=official,
        changes={"designated_by": "Chief Ana Ruiz", "end_date": date(2027, 1, 1)},
        letter=TINY_PDF,
    )
    official.refresh_from_db()
    assert official.designation_letter_on_file and official.designated_by == "Chief Ana Ruiz"
    on_disk = (tmp_path / "documents" / official.letter_storage_name).read_bytes()
    assert b"%PDF" not in on_disk
    assert agency_settings.designation_letter(official).startswith(b"%PDF")
    assert "designated_by" in entries(official)[0].detail
    with pytest.raises(ValidationError):
        agency_settings.update_official(
            actor=world.users["lead"], official=official, changes={}, letter=b"MZ not a pdf"
        )


def test_routing_rules_are_added_and_removed_with_an_audit_entry(world):
    lead = world.users["lead"]
    rule = agency_settings.add_routing_rule(
        actor=lead, agency=world.agency_a, offence_level="felony", unit="", priority=10, note=""
    )
    agency_settings.remove_routing_rule(actor=lead, rule=rule)
    assert not RoutingRule.objects.filter(agency=world.agency_a).exists()
    assert AuditEntry.objects.filter(object_type="RoutingRule").count() == 2
    with pytest.raises(ValidationError):
        agency_settings.add_routing_rule(
            actor=lead, agency=world.agency_a, offence_level="", unit="", priority=1, note=""
        )


def test_letters_carry_the_letterhead_and_return_address(world):
    agency = world.agency_a
    agency.letterhead = "City of San Francisco\nPolice Department"
    agency.return_address = "PO Box 1\nSan Francisco, CA 94101"
    agency.save()
    req = world.advocate_request
    req.refresh_from_db()
    assert letters._agency_block(req) == [
        "City of San Francisco",
        "Police Department",
        "Agency A Police",
        "PO Box 1",
        "San Francisco, CA 94101",
    ]


def test_a_lead_reset_signs_the_person_out_everywhere(client, world, mailoutbox):
    official = world.users["official"]
    client.force_login(official)
    assert client.get("/agency/queue/").status_code == 200
    agency_settings.reset_second_factor(
        actor=world.users["lead"],
        agency=world.agency_a,
        user=official,
        reason="lost phone",
        site_url="http://testserver/",
    )
    after = client.get("/agency/queue/")
    assert after.status_code == 302 and after["Location"].startswith("/sign-in/")  # signed out
    entry = AuditEntry.objects.filter(object_type="User", object_id=str(official.pk)).first()
    assert entry.actor_id == world.users["lead"].pk and entry.reason == "lost phone"
    assert "signed out everywhere" in entry.detail
    assert "/two-factor/enrol/" in mailoutbox[-1].body
    with pytest.raises(PermissionError):
        agency_settings.reset_second_factor(
            actor=world.users["lead"],
            agency=world.agency_a,
            user=world.users["other_official"],
            reason="not ours",
            site_url="http://testserver/",
        )


def test_letters_stored_files_cannot_escape_the_directory(world):
    with pytest.raises(FileNotFoundError):
        documents.read_stored("../secret")


def test_a_designation_past_its_end_date_ends_in_the_sweep(world, mailoutbox):
    from workflows.tasks import sweep

    held = assign(world, world.advocate_request)
    CertifyingOfficial.objects.filter(pk=world.official_a.pk).update(end_date=date(2020, 1, 1))
    counts = sweep()
    assert counts["designations_ended"] == 1
    held.refresh_from_db()
    assert (held.status, held.assigned_official_id) == (Status.RECEIVED, None)
    official = CertifyingOfficial.objects.get(pk=world.official_a.pk)
    assert not official.active
    [entry] = entries(official)
    assert entry.actor_id is None and entry.actor_label == "sweep: designation end date"


def test_a_lead_designates_someone_already_on_the_staff_and_ends_a_role(world):
    from certify.records.models import AgencyMembership
    from workflows.invitations import Designation

    lead, coordinator = world.users["lead"], world.users["coordinator"]
    designation = Designation("Sergeant", "designated", "Chief Ana Ruiz", date(2026, 11, 1))
    official = agency_settings.designate(
        actor=lead, agency=world.agency_a, user=coordinator, designation=designation
    )
    assert official.active and official.designated_by == "Chief Ana Ruiz"
    assert coordinator.has_perm("certify.complete_request", world.advocate_request)
    with pytest.raises(PermissionError):  # not on agency A's staff
        agency_settings.designate(
            actor=lead,
            agency=world.agency_a,
            user=world.users["other_official"],
            designation=designation,
        )
    membership = AgencyMembership.objects.get(user=coordinator)
    agency_settings.end_membership(actor=lead, membership=membership, reason="Moved to patrol")
    membership.refresh_from_db()
    assert not membership.active and entries(membership)[0].reason == "Moved to patrol"
    with pytest.raises(PermissionError):
        agency_settings.end_membership(
            actor=lead, membership=AgencyMembership.objects.get(user=lead), reason="oops"
        )


def test_the_packet_is_addressed_with_the_return_address(world):
    from workflows import packet

    agency = world.agency_a
    agency.return_address = "Records Unit\nPO Box 1\nSan Francisco, CA 94101"
    agency.save()
    assert packet._address_lines(agency)[:4] == [
        "Agency A Police",
        "Records Unit",
        "PO Box 1",
        "San Francisco, CA 94101",
    ]


def test_a_reply_to_an_ended_officials_question_reaches_the_coordinators(
    world, django_capture_on_commit_callbacks
):
    official = world.users["official"]
    req = transition(assign(world, world.advocate_request), move="start_review", actor=official)
    req = transition(req, move="request_info", actor=official, note="Which date?")
    agency_settings.end_designation(
        actor=world.users["lead"], official=world.official_a, reason="Left"
    )
    req.refresh_from_db()
    assert req.status == Status.INFO_REQUESTED  # the requester's answer is still awaited
    with django_capture_on_commit_callbacks(execute=True):
        transition(req, move="answer_info", actor=world.users["advocate"])
    reply = Notice.objects.get(kind=NoticeKind.REPLY)
    assert reply.recipient_id == world.users["coordinator"].pk
