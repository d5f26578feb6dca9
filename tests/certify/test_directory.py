from django.urls import reverse
from django.utils import translation

from certify.records.models import Agency


def test_the_directory_lists_every_agency_with_its_forms(client, world):
    html = client.get(reverse("agency_list")).content.decode()
    assert "Agency A Police" in html and "Agency B Police" in html


def test_an_agency_page_shows_its_state_deadline_and_instructions(client, world):
    agency = world.agency_a
    agency.instructions_en = "Send requests to the Special Victims Unit."
    agency.instructions_es = "Envíe las solicitudes a la Unidad de Víctimas Especiales."
    agency.save()
    html = client.get(reverse("agency_detail", args=[agency.slug])).content.decode()
    assert "30 calendar days from receipt" in html
    assert "7 days if the victim is in removal proceedings" in html
    assert "Send requests to the Special Victims Unit." in html
    with translation.override("es"):
        client.post(reverse("set_language"), {"language": "es", "next": "/"})
        html = client.get(reverse("agency_detail", args=[agency.slug])).content.decode()
    assert "Envíe las solicitudes a la Unidad de Víctimas Especiales." in html


def test_a_state_without_a_statute_shows_the_agencys_policy(client, world):
    agency = Agency.objects.create(
        name="Texas PD", slug="tx-pd", kind="police", state="TX", target_days=45
    )
    html = client.get(reverse("agency_detail", args=[agency.slug])).content.decode()
    assert "own target: 45 days" in html
    assert "policy, not law" in html
