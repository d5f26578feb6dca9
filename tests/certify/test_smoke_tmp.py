import pytest
from django.core import mail
from certify.models import CertificationRequest
from tests.certify.wizard_helpers import answers, walk, step_url, post_step

U_STEPS = [
    "start",
    "victim",
    "contact",
    "crime",
    "activities",
    "agency",
    "story",
    "helpfulness",
    "family",
    "expedite",
    "documents",
    "check",
]


def test_smoke(client, world):
    client.force_login(world.users["victim"])
    data = answers(world.agency_a.pk)
    r = client.get(step_url("start"))
    assert r.status_code == 200
    for step in U_STEPS:
        r = client.get(step_url(step))
        assert r.status_code == 200, (step, r.get("Location"))
        r = post_step(client, step, data[step])
        assert r.status_code == 302, (step, r.content.decode()[-4000:])
    print(r["Location"])
    r = client.get(r["Location"])
    print(r.content.decode()[-3000:])
    req = CertificationRequest.objects.exclude(
        pk__in=[world.victim_request.pk, world.advocate_request.pk, world.draft.pk]
    ).get()
    print(req.status, req.due_date, req.a_number, req.safe_phone, req.family_members.count())
    assert req.status == "received"
