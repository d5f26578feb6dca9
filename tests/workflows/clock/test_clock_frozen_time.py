"""Each new row and trigger end to end, with the clock frozen: a request received by an agency of
a given kind and place, its clock read on the day before the due date, on it, and the day after.

Due dates are counted by hand in the comments (the day of receipt is day 0)."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from certify.records.models import Agency, ClockBasis
from tests.conftest import make_request, make_user
from workflows.clock import clock_for
from workflows.lifecycle import transition

pytestmark = pytest.mark.django_db

CASES = {
    # Illinois: detention expedites (secondary sources), 3 June 2024 + 21 calendar days.
    "il-detained": dict(
        agency=("IL", "sheriff", "Chicago", "America/Chicago"),
        facts=dict(detained=True, expedite_requested=True),
        received=date(2024, 6, 3),
        due=date(2024, 6, 24),
        basis=ClockBasis.STATE_LAW,
        trigger="detention",
    ),
    # Illinois leaves out State courts: the site's 60 days, 3 June + 60 = 2 August.
    "il-court-excluded": dict(
        agency=("IL", "court", "Chicago", "America/Chicago"),
        facts=dict(removal_proceedings=True, expedite_requested=True),
        received=date(2024, 6, 3),
        due=date(2024, 8, 2),
        basis=ClockBasis.SITE_DEFAULT,
        trigger="site_default",
    ),
    # Illinois: the victim turns 21 on 1 March 2024 with parents listed: 10 Jan + 21 = 31 Jan.
    "il-victim-age-out": dict(
        agency=("IL", "police", "Chicago", "America/Chicago"),
        facts=dict(date_of_birth=date(2003, 3, 1), parents_or_siblings=True),
        received=date(2024, 1, 10),
        due=date(2024, 1, 31),
        basis=ClockBasis.STATE_LAW,
        trigger="victim_age_out",
    ),
    # Illinois: a child turns 21 on 1 Dec, inside the 21 days: 20 Nov + 5 = 25 Nov.
    "il-child-age-out": dict(
        agency=("IL", "police", "Chicago", "America/Chicago"),
        facts=dict(age_out_date=date(2024, 12, 1), expedite_requested=True),
        received=date(2024, 11, 20),
        due=date(2024, 11, 25),
        basis=ClockBasis.STATE_LAW,
        trigger="age_out_urgent",
    ),
    # Washington: the victim turns 21 on 1 March 2024: 14 days before, 16 Feb.
    "wa-victim-age-out": dict(
        agency=("WA", "police", "Seattle", "America/Los_Angeles"),
        facts=dict(date_of_birth=date(2003, 3, 1), parents_or_siblings=True),
        received=date(2024, 1, 10),
        due=date(2024, 2, 16),
        basis=ClockBasis.STATE_LAW,
        trigger="victim_age_out",
    ),
    # California T under AB 2027: 1 May 2018 + 90 = 30 July.
    "ca-t-ab-2027": dict(
        agency=("CA", "police", "Fresno", "America/Los_Angeles"),
        form="T",
        received=date(2018, 5, 1),
        due=date(2018, 7, 30),
        basis=ClockBasis.STATE_LAW,
        trigger="standard",
    ),
    # California T, Penal Code 236.5: first encounter 20 Feb 2024, 15 business days: 12 March.
    "ca-t-first-encounter": dict(
        agency=("CA", "police", "Fresno", "America/Los_Angeles"),
        form="T",
        facts=dict(first_encounter_on=date(2024, 2, 20)),
        received=date(2024, 3, 1),
        due=date(2024, 3, 12),
        basis=ClockBasis.STATE_LAW,
        trigger="first_encounter",
    ),
    # Minnesota from its enactment: 1 Aug 2021 + 90 = 30 Oct ...
    "mn-from-enactment": dict(
        agency=("MN", "police", "Duluth", "America/Chicago"),
        received=date(2021, 8, 1),
        due=date(2021, 10, 30),
        basis=ClockBasis.STATE_LAW,
        trigger="standard",
    ),
    # ... and the day before, the site's 60 days: 31 July + 60 = 29 Sep.
    "mn-before-enactment": dict(
        agency=("MN", "police", "Duluth", "America/Chicago"),
        received=date(2021, 7, 31),
        due=date(2021, 9, 29),
        basis=ClockBasis.SITE_DEFAULT,
        trigger="site_default",
    ),
    # Minneapolis tightens Minnesota's 14 days in removal proceedings to 7: 1 Feb + 7 = 8 Feb.
    "minneapolis-removal": dict(
        agency=("MN", "police", "Minneapolis", "America/Chicago"),
        facts=dict(removal_proceedings=True, expedite_requested=True),
        received=date(2024, 2, 1),
        due=date(2024, 2, 8),
        basis=ClockBasis.LOCAL_LAW,
        trigger="removal_proceedings",
    ),
    # Saint Paul binds its city attorney: 1 Feb 2024 + 30 = 2 March.
    "saint-paul-city-attorney": dict(
        agency=("MN", "city_attorney", "St. Paul", "America/Chicago"),
        received=date(2024, 2, 1),
        due=date(2024, 3, 2),
        basis=ClockBasis.LOCAL_LAW,
        trigger="standard",
    ),
    # Nevada sets no clock: the agency's own published 45 days, 1 March + 45 = 15 April.
    "nv-agency-target": dict(
        agency=("NV", "police", "Las Vegas", "America/Los_Angeles"),
        target=45,
        received=date(2024, 3, 1),
        due=date(2024, 4, 15),
        basis=ClockBasis.AGENCY_TARGET,
        trigger="agency_target",
    ),
    # New Jersey's Directive sets no clock: the site's 60 days, 1 March + 60 = 30 April.
    "nj-directive": dict(
        agency=("NJ", "prosecutor", "Hackensack", "America/New_York"),
        received=date(2024, 3, 1),
        due=date(2024, 4, 30),
        basis=ClockBasis.SITE_DEFAULT,
        trigger="site_default",
    ),
    # New York City's rule sets no clock here either.
    "nyc-police": dict(
        agency=("NY", "police", "New York", "America/New_York"),
        received=date(2024, 3, 1),
        due=date(2024, 4, 30),
        basis=ClockBasis.SITE_DEFAULT,
        trigger="site_default",
    ),
}


def _received(case: dict) -> object:
    state, kind, city, tz = case["agency"]
    agency = Agency.objects.create(
        name=f"{city} {kind}",
        slug=f"{state}-{kind}-{city}".lower().replace(" ", "-").replace(".", ""),
        kind=kind,
        state=state,
        city=city,
        time_zone=tz,
        target_days=case.get("target"),
    )
    victim = make_user("frozen.victim@example.org")
    req = make_request(
        created_by=victim,
        filed_by="victim",
        agency=agency,
        form=case.get("form", "U"),
        **case.get("facts", {}),
    )
    at = datetime.combine(case["received"], datetime.min.time(), ZoneInfo(tz)) + timedelta(hours=12)
    transition(req, move="submit", actor=victim, at=at)
    return transition(req, move="receive", actor=None, at=at)


@pytest.mark.parametrize("name", sorted(CASES))
@pytest.mark.parametrize(
    ("offset", "left", "overdue"), [(-1, 1, False), (0, 0, False), (1, -1, True)]
)
def test_each_new_row_and_trigger_counts_down_and_turns_overdue_the_day_after(
    name: str, offset: int, left: int, overdue: bool
) -> None:
    case = CASES[name]
    req = _received(case)
    assert req.received_on == case["received"]
    assert req.due_date == case["due"], name
    assert (req.clock_basis, req.clock_trigger) == (case["basis"], case["trigger"])
    tz = ZoneInfo(case["agency"][3])
    noon = datetime.combine(case["due"] + timedelta(days=offset), datetime.min.time(), tz)
    with time_machine.travel(noon + timedelta(hours=12), tick=False):
        clock = clock_for(req)
    assert (clock.days_left, clock.overdue, clock.running) == (left, overdue, True)
    text = clock.rule_text
    if case["basis"] in (ClockBasis.AGENCY_TARGET, ClockBasis.SITE_DEFAULT):
        assert "agency policy, not law" in text
    elif case["basis"] == ClockBasis.LOCAL_LAW:
        assert text.startswith("Local law (")
    else:
        assert text.startswith("State law (")
