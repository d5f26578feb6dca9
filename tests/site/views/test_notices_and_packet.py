import io

from django.urls import reverse
from pypdf import PdfReader

from certify.records.models import AuditEntry
from tests.support.url_map import off_certify_request
from workflows.models import Notice
from workflows.notices import Wanted, notify


def test_the_notice_list_shows_only_my_notices_and_marks_them_read(client, world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    req = world.advocate_request
    notify(
        [
            Wanted(req.pk, world.users["official"].pk, "assigned", "test"),
            Wanted(req.pk, world.users["coordinator"].pk, "assigned", "test"),
        ]
    )
    mine = Notice.objects.get(recipient=world.users["official"])
    theirs = Notice.objects.get(recipient=world.users["coordinator"])
    client.force_login(world.users["official"])
    html = client.get(reverse("notice_list")).content.decode()
    assert f'value="{mine.pk}"' in html and f'value="{theirs.pk}"' not in html
    client.post(reverse("notice_list"), {"notice": [str(mine.pk), str(theirs.pk), "x"]})
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert mine.read_at is not None and theirs.read_at is None


def test_the_packet_for_an_agency_off_certify_is_audited(client, world):
    reference = off_certify_request(world)["reference"]
    client.force_login(world.users["advocate"])
    response = client.get(reverse("packet_download", args=[reference]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = PdfReader(io.BytesIO(response.content)).pages[0].extract_text()
    assert "Paper PD" in text
    assert AuditEntry.objects.filter(
        action="export", request_reference=reference, detail="packet"
    ).exists()


def test_the_notice_list_pages_past_the_hundredth(client, world, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    req = world.advocate_request
    official = world.users["official"]
    notify([Wanted(req.pk, official.pk, "assigned", f"test-{n}") for n in range(120)])
    client.force_login(official)
    seen, url = [], reverse("notice_list")
    for _page in range(5):
        response = client.get(url)
        seen += [notice.pk for notice in response.context["notices"]]
        if response.context["older"] is None:
            break
        url = f"{reverse('notice_list')}?before={response.context['older']}"
    assert len(seen) == len(set(seen)) == Notice.objects.filter(recipient=official).count() == 120
    assert seen == sorted(seen, reverse=True)
