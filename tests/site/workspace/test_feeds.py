"""The queue taken elsewhere: the CSV export, the calendar feed, and bulk assignment."""

import csv
import io
import re

from django.urls import reverse

from certify.records.models import AuditEntry, CalendarFeed, CertificationRequest


def test_the_queue_csv_holds_every_request_and_no_victim_data(client, world):
    client.force_login(world.users["coordinator"])
    response = client.get(reverse("agency_queue_csv"))
    assert response.status_code == 200
    text = response.content.decode()
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0][:3] == ["reference", "certification", "status"]
    assert {row[0] for row in rows[1:]} == {
        world.advocate_request.reference,
        world.victim_request.reference,
    }
    assert "José" not in text and "Peña" not in text and "attacked" not in text
    assert AuditEntry.objects.filter(action="export", detail__startswith="queue export").exists()


def test_an_advocate_cannot_export_a_queue(client, world):
    client.force_login(world.users["advocate"])
    assert client.get(reverse("agency_queue_csv")).status_code == 403


def _issue(client) -> str:
    page = client.post(reverse("calendar_settings"), {"action": "new"}).content.decode()
    return re.search(r"/calendar/([^/\s<]+)\.ics", page).group(1)


def test_the_calendar_feed_lists_due_dates_by_reference_only(client, world):
    client.force_login(world.users["coordinator"])
    token = _issue(client)
    assert not CalendarFeed.objects.filter(token_hash=token).exists()  # only the hash is kept
    client.logout()
    feed = client.get(reverse("calendar_feed", args=[token]))
    assert feed.status_code == 200 and feed["Content-Type"].startswith("text/calendar")
    body = feed.content.decode()
    req = world.advocate_request
    assert f"SUMMARY:Due: {req.reference}" in body
    assert f"DTSTART;VALUE=DATE:{req.due_date:%Y%m%d}" in body
    assert "José" not in body and "Peña" not in body


def test_a_new_or_revoked_calendar_address_stops_the_old_one(client, world):
    client.force_login(world.users["coordinator"])
    first = _issue(client)
    second = _issue(client)
    assert client.get(reverse("calendar_feed", args=[first])).status_code == 404
    assert client.get(reverse("calendar_feed", args=[second])).status_code == 200
    client.post(reverse("calendar_settings"), {"action": "revoke"})
    assert client.get(reverse("calendar_feed", args=[second])).status_code == 404
    assert client.get(reverse("calendar_feed", args=["guess"])).status_code == 404


def test_bulk_assignment_assigns_the_ticked_and_names_the_refused(client, world):
    client.force_login(world.users["coordinator"])
    other = world.users["other_official"]  # noqa: F841 - of agency B: its requests are refused
    refs = [world.advocate_request.reference, world.victim_request.reference, "U-NONE-XXXX"]
    response = client.post(
        reverse("agency_bulk_assign"),
        {"reference": refs, "official": world.official_a.pk},
        follow=True,
    )
    page = response.content.decode()
    assert "2 requests assigned" in page and "U-NONE-XXXX" in page
    assigned = CertificationRequest.objects.filter(reference__in=refs[:2])
    assert {r.assigned_official_id for r in assigned} == {world.official_a.pk}


def test_an_official_cannot_bulk_assign(client, world):
    client.force_login(world.users["official"])
    client.post(
        reverse("agency_bulk_assign"),
        {"reference": [world.victim_request.reference], "official": world.official_a.pk},
    )
    world.victim_request.refresh_from_db()
    assert world.victim_request.assigned_official is None
