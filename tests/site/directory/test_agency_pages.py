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
    assert (
        "State law (Cal. Penal Code 679.10, as amended by AB 917 of 2019 and AB 1261 of 2023) "
        "gives the agency 30 days." in html
    )
    assert "7 days if the victim is in removal proceedings" in html
    # The public directory is read by victims: no checking notes, no research sources.
    assert "secondary source" not in html and "UNCONFIRMED" not in html
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
    assert "This agency’s own target is 45 days; no state law sets one here." in html
    assert "agency policy, not law" in html


def test_a_state_court_in_illinois_shows_no_voices_act_clock(client, world):
    agency = Agency.objects.create(
        name="Circuit Court of Cook County", slug="cook-court", kind="court", state="IL"
    )
    html = client.get(reverse("agency_detail", args=[agency.slug])).content.decode()
    assert "ILCS" not in html
    assert "certify asks for an answer within 60 days" in html
    assert "agency policy, not law" in html
