"""Routing proposals and the round robin among designated officials."""

from __future__ import annotations

from datetime import date

import pytest

from certify.records.models import Agency, CertifyingOfficial, ServiceArea
from tests.conftest import make_user
from tests.workflows.conftest import assign
from workflows.models import RoutingRule
from workflows.review import assign_request
from workflows.routing import next_official, propose_agencies


def agency(slug: str, kind: str, *, county="San Francisco", city="", state="CA", **extra):
    made = Agency.objects.create(name=slug.replace("-", " ").title(), slug=slug, kind=kind,
                                 state=state, **extra)  # fmt: skip
    ServiceArea.objects.create(agency=made, county=county, city=city)
    return made


@pytest.fixture
def place(world):
    """Agency A (city police) plus a county DA, a city attorney and a county sheriff."""
    da = agency("sf-da", "prosecutor")
    city_attorney = agency("sf-city-attorney", "city_attorney", city="San Francisco")
    sheriff = agency("sf-sheriff", "sheriff")
    agency("alameda-police", "police", county="Alameda", city="Oakland")
    agency("sf-labor", "labor", certifies_u=False)
    RoutingRule.objects.create(agency=city_attorney, offence_level="misdemeanour", priority=10)
    RoutingRule.objects.create(agency=da, offence_level="felony", priority=10)
    RoutingRule.objects.create(agency=sheriff, unit="domestic_violence", priority=10)
    return {"police": world.agency_a, "da": da, "city_attorney": city_attorney, "sheriff": sheriff}


def propose(**kwargs) -> list[str]:
    args = {"form": "U", "state": "CA", "county": "San Francisco", "city": "San Francisco"}
    args.update(kwargs)
    return [a.slug for a in propose_agencies(**args)]


def test_a_charged_case_goes_to_the_prosecutor_first(place):
    assert propose(case_charged=True)[:2] == ["sf-city-attorney", "sf-da"]
    assert propose(case_charged=True, offence_level="felony")[0] == "sf-da"


def test_a_charged_misdemeanour_goes_to_the_city_attorney(place):
    assert propose(case_charged=True, offence_level="misdemeanour")[0] == "sf-city-attorney"


def test_a_case_not_charged_goes_to_the_police_and_the_city_police_before_the_county(place):
    assert propose(case_charged=False) == ["agency-a", "sf-sheriff", "sf-city-attorney", "sf-da"]


def test_an_agencys_unit_rule_pulls_it_forward(place):
    assert propose(case_charged=False, unit="domestic_violence")[0] == "sf-sheriff"


def test_only_agencies_serving_the_place_and_certifying_the_form_are_proposed(place):
    assert "alameda-police" not in propose(case_charged=None)
    assert "sf-labor" not in propose(case_charged=None)
    # Outside the city, only the county-wide agencies serve.
    assert propose(city="Daly City", case_charged=False) == ["sf-sheriff", "sf-da"]
    assert propose(state="WA", case_charged=False) == []
    place["police"].certifies_t = False
    place["police"].save()
    assert "agency-a" not in propose(form="T", case_charged=False)


def test_without_the_county_the_citys_agencies_are_proposed_by_name(place):
    agency("oakland-da", "prosecutor", county="Alameda", city="Oakland")
    assert propose(county="", city="oakland", case_charged=None) == [
        "alameda-police",
        "oakland-da",
    ]


def test_a_place_nobody_serves_gets_the_whole_state_only_when_asked(world, place):
    assert propose(state="WA", case_charged=None) == []
    everyone = propose(state="wa", case_charged=None, whole_state_if_none=True)
    assert everyone == [world.agency_b.slug]
    assert propose(state="", case_charged=None, whole_state_if_none=True) == []
    world.agency_b.certifies_u = False
    world.agency_b.save()
    assert propose(state="WA", case_charged=None, whole_state_if_none=True) == []


def test_a_served_place_is_not_widened_to_the_state(place):
    served = propose(case_charged=False, whole_state_if_none=True)
    assert "alameda-police" not in served and served[0] == "agency-a"


def test_a_requests_own_place_is_used(world, place):
    req = world.advocate_request
    req.case_charged = True
    proposed = propose_agencies(
        form=req.form,
        state=req.crime_state,
        county=req.crime_county,
        city=req.crime_city,
        case_charged=req.case_charged,
        offence_level="misdemeanour",
    )
    assert [a.slug for a in proposed][0] == "sf-city-attorney"


@pytest.fixture
def officials(world):
    second = CertifyingOfficial.objects.create(
        user=make_user("b@example.org"), agency=world.agency_a, title="Captain",
        designation_date=date(2024, 2, 1),
    )  # fmt: skip
    third = CertifyingOfficial.objects.create(
        user=make_user("c@example.org"), agency=world.agency_a, title="Sergeant",
        designation_date=date(2024, 3, 1),
    )  # fmt: skip
    return [world.official_a, second, third]


def test_the_round_robin_gives_each_active_official_a_turn(world, officials, time_machine):
    assert next_official(world.agency_a) == officials[0]
    assert next_official(world.agency_a) == officials[0]  # nothing assigned: same answer
    coordinator = world.users["coordinator"]
    picked = []
    for req in (world.advocate_request, world.victim_request):
        official = next_official(req.agency)
        picked.append(assign_request(req, actor=coordinator, official=official).assigned_official)
    assert picked == officials[:2]
    assert next_official(world.agency_a) == officials[2]


def test_the_round_robin_skips_inactive_officials(world, officials):
    officials[0].active = False
    officials[0].save()
    assert next_official(world.agency_a) == officials[1]
    for official in officials:
        official.active = False
        official.save()
    assert next_official(world.agency_a) is None


def test_the_least_recently_assigned_comes_next_after_a_reassignment(world, officials):
    assign(world, world.advocate_request, officials[0])
    assign(world, world.victim_request, officials[1])
    assign(world, world.victim_request, officials[2])
    # Official 0 waited longest, though official 1 no longer holds anything.
    assert next_official(world.agency_a) == officials[0]
