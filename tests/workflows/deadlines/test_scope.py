"""Which law binds which agency, from when and where: agency kinds, effective dates, local rules
tightening their state's clock, age-outs that are never answered after the birthday, the
victim's own 21st birthday, the first-encounter clock, and the duties besides the clock.

Dates are counted by hand in the comments, with the day of receipt as day 0.
"""

from __future__ import annotations

from datetime import date

import pytest

from certify.records.models import ClockBasis
from workflows.deadlines import (
    AGE_OUT_BEFORE,
    AGE_OUT_URGENT,
    AGE_OUT_WINDOW,
    DETENTION,
    FIRST_ENCOUNTER,
    REMOVAL_PROCEEDINGS,
    SITE_DEFAULT,
    STANDARD,
    VICTIM_AGE_OUT,
    Facts,
    appeal_due,
    deadline_for,
    duties_for,
)
from workflows.models import DeadlineRule

pytestmark = pytest.mark.django_db


def due(state, form, received, *, kind="", place="", **facts):
    return deadline_for(
        state, form, Facts(received_on=received, **facts), agency_kind=kind, place=place
    )


# --- agency kinds ---------------------------------------------------------------------------------


def test_illinois_does_not_bind_a_state_court() -> None:
    # Cook County Circuit Court: no VOICES clock, no expedite, no appeal clock; policy instead.
    court = due("IL", "U", date(2024, 6, 3), kind="court", removal_proceedings=True)
    assert court.basis == ClockBasis.SITE_DEFAULT and not court.expedited
    # 3 June + 60 = 2 August.
    assert court.due_date == date(2024, 8, 2)
    assert duties_for("IL", "U", date(2024, 6, 3), agency_kind="court").appeal is None
    police = due("IL", "U", date(2024, 6, 3), kind="police")
    assert (police.due_date, police.basis) == (date(2024, 10, 10), ClockBasis.STATE_LAW)


def test_virginia_leaves_out_courts_but_binds_prosecutors() -> None:
    assert due("VA", "U", date(2024, 3, 1), kind="court").is_policy
    prosecutor = due("VA", "U", date(2024, 3, 1), kind="prosecutor")
    # 1 March 2024 + 120: 30 to 31 Mar, 60 to 30 Apr, 91 to 31 May, 120 to 29 June.
    assert prosecutor.due_date == date(2024, 6, 29)


def test_minnesota_binds_law_enforcement_agencies_only() -> None:
    assert due("MN", "U", date(2024, 2, 1), kind="prosecutor").is_policy
    # 1 Feb 2024 + 90 = 1 May.
    assert due("MN", "U", date(2024, 2, 1), kind="sheriff").due_date == date(2024, 5, 1)


def test_an_unknown_agency_kind_is_bound_by_every_rule() -> None:
    assert due("IL", "U", date(2024, 6, 3)).due_date == date(2024, 10, 10)


# --- effective dates at their boundaries ----------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "form", "kind", "place", "received", "basis", "expected"),
    [
        # Minnesota from 1 August 2021: the day before, the site default (31 Jul + 60 = 29 Sep).
        ("MN", "U", "police", "", date(2021, 7, 31), ClockBasis.SITE_DEFAULT, date(2021, 9, 29)),
        # ... the day itself: 1 Aug + 90 = 30 Oct (30 to 31 Aug, 60 to 30 Sep, 90 to 30 Oct).
        ("MN", "U", "police", "", date(2021, 8, 1), ClockBasis.STATE_LAW, date(2021, 10, 30)),
        # California T under AB 2027 from 1 January 2017: the day before, policy.
        ("CA", "T", "police", "", date(2016, 12, 31), ClockBasis.SITE_DEFAULT, date(2017, 3, 1)),
        # 1 Jan 2017 + 90: 30 to 31 Jan, 58 to 28 Feb, 89 to 31 Mar, 90 = 1 April.
        ("CA", "T", "police", "", date(2017, 1, 1), ClockBasis.STATE_LAW, date(2017, 4, 1)),
        # Its last day, 31 Dec 2019: still 90 days (to 30 March 2020, a leap year) ...
        ("CA", "T", "police", "", date(2019, 12, 31), ClockBasis.STATE_LAW, date(2020, 3, 30)),
        # ... and AB 917's 30 days from 1 January 2020.
        ("CA", "T", "police", "", date(2020, 1, 1), ClockBasis.STATE_LAW, date(2020, 1, 31)),
        # Minneapolis from 15 Dec 2017 (no Minnesota statute yet): the day before, policy.
        (
            "MN",
            "U",
            "police",
            "Minneapolis",
            date(2017, 12, 14),
            ClockBasis.SITE_DEFAULT,
            date(2018, 2, 12),
        ),
        # 15 Dec + 30 = 14 Jan 2018.
        (
            "MN",
            "U",
            "police",
            "Minneapolis",
            date(2017, 12, 15),
            ClockBasis.LOCAL_LAW,
            date(2018, 1, 14),
        ),
        # Saint Paul from 1 January 2018.
        (
            "MN",
            "T",
            "police",
            "St. Paul",
            date(2017, 12, 31),
            ClockBasis.SITE_DEFAULT,
            date(2018, 3, 1),
        ),
        (
            "MN",
            "T",
            "police",
            "St. Paul",
            date(2018, 1, 1),
            ClockBasis.LOCAL_LAW,
            date(2018, 1, 31),
        ),
    ],
)
def test_each_law_applies_from_its_effective_date(
    state, form, kind, place, received, basis, expected
) -> None:
    deadline = due(state, form, received, kind=kind, place=place)
    assert (deadline.basis, deadline.due_date) == (basis, expected)


def test_illinois_appeal_clock_starts_with_public_act_102_401() -> None:
    assert duties_for("IL", "U", date(2021, 12, 31)).appeal is None
    assert not duties_for("IL", "U", date(2021, 12, 31)).written_denial_required
    clock = duties_for("IL", "U", date(2022, 1, 1)).appeal
    assert clock is not None and (clock.days, clock.day_kind) == (30, "business")


# --- local rules only tighten ---------------------------------------------------------------------


def test_minneapolis_tightens_the_minnesota_clock_for_its_police() -> None:
    # Minnesota: 90 days; Minneapolis: 30. 1 Feb 2024 + 30 = 2 March (29-day February).
    deadline = due("MN", "U", date(2024, 2, 1), kind="police", place="Minneapolis")
    assert (deadline.due_date, deadline.basis) == (date(2024, 3, 2), ClockBasis.LOCAL_LAW)
    assert "Minneapolis" in deadline.law
    # Removal proceedings: Minnesota 14, Minneapolis 7: 1 Feb + 7 = 8 Feb.
    removal = due(
        "MN", "U", date(2024, 2, 1), kind="police", place="Minneapolis", removal_proceedings=True
    )
    assert (removal.due_date, removal.trigger) == (date(2024, 2, 8), REMOVAL_PROCEEDINGS)


def test_a_local_rule_binds_only_its_own_agencies_and_places() -> None:
    # The county sheriff in Minneapolis is bound by Minnesota's law, not the city's.
    sheriff = due("MN", "U", date(2024, 2, 1), kind="sheriff", place="Minneapolis")
    assert (sheriff.due_date, sheriff.basis) == (date(2024, 5, 1), ClockBasis.STATE_LAW)
    # The city attorney is bound by the city's ordinance though not by the state's statute.
    city_attorney = due("MN", "U", date(2024, 2, 1), kind="city_attorney", place="Saint Paul")
    assert city_attorney.due_date == date(2024, 3, 2)
    # Duluth police: Minnesota's 90 days.
    assert due("MN", "U", date(2024, 2, 1), kind="police", place="Duluth").due_date == date(
        2024, 5, 1
    )


def test_a_looser_local_rule_cannot_loosen_the_state_clock() -> None:
    DeadlineRule.objects.create(
        state="MN",
        place="Duluth",
        form="U",
        provision="hypothetical-duluth",
        law="A hypothetical ordinance",
        authority="ordinance",
        source="https://duluthmn.gov/",
        days=120,
        effective_from=date(2020, 1, 1),
    )
    deadline = due("MN", "U", date(2024, 2, 1), kind="police", place="Duluth")
    assert (deadline.due_date, deadline.basis) == (date(2024, 5, 1), ClockBasis.STATE_LAW)


def test_new_york_city_rule_sets_no_clock_so_the_agency_target_applies() -> None:
    deadline = deadline_for(
        "NY",
        "U",
        Facts(received_on=date(2024, 3, 1)),
        agency_kind="police",
        place="New York",
        agency_target_days=45,
    )
    assert deadline.basis == ClockBasis.AGENCY_TARGET and deadline.due_date == date(2024, 4, 15)


# --- age-outs: before the birthday, never after ---------------------------------------------------


def test_an_illinois_age_out_is_never_due_after_the_birthday() -> None:
    # Received Wed 20 Nov 2024, a child turns 21 on 1 Dec: inside the 21 days (20 Nov + 21 =
    # 11 Dec), so 5 days: 25 Nov, before the birthday. (Before this rule: 11 Dec.)
    deadline = due("IL", "U", date(2024, 11, 20), age_out_date=date(2024, 12, 1))
    assert (deadline.due_date, deadline.trigger) == (date(2024, 11, 25), AGE_OUT_URGENT)
    # Turns 21 on Sat 23 Nov: 5 days would be 25 Nov, after the birthday: the day before it.
    close = due("IL", "U", date(2024, 11, 20), age_out_date=date(2024, 11, 23))
    assert close.due_date == date(2024, 11, 22)
    # Turns 21 the day after receipt: due on receipt.
    assert due("IL", "U", date(2024, 11, 20), age_out_date=date(2024, 11, 21)).due_date == date(
        2024, 11, 20
    )


def test_a_washington_age_out_is_never_due_after_the_birthday() -> None:
    # Child turns 21 on 25 Jan; received 10 Jan: 14 days before = 11 Jan.
    deadline = due("WA", "U", date(2024, 1, 10), age_out_date=date(2024, 1, 25))
    assert (deadline.due_date, deadline.trigger) == (date(2024, 1, 11), AGE_OUT_BEFORE)
    assert deadline.due_date < date(2024, 1, 25)


@pytest.mark.parametrize(
    ("state", "born", "listed", "expected", "trigger"),
    [
        # Washington: the victim turns 21 on 1 March 2024; parents listed: 16 Feb.
        ("WA", date(2003, 3, 1), True, date(2024, 2, 16), VICTIM_AGE_OUT),
        # No parents or siblings listed: the standard 9 April.
        ("WA", date(2003, 3, 1), False, date(2024, 4, 9), STANDARD),
        # Illinois, received 10 Jan 2024: 90 business days end Tue 21 May (less MLK Day,
        # Lincoln's Birthday, Presidents' Day and Pulaski Day); the victim turns 21 on 1 March,
        # inside: 21 calendar days, 31 Jan.
        ("IL", date(2003, 3, 1), True, date(2024, 1, 31), VICTIM_AGE_OUT),
        # Turning 21 on 20 Jan, inside the 21 days: 5 days, 15 Jan.
        ("IL", date(2003, 1, 20), True, date(2024, 1, 15), VICTIM_AGE_OUT),
        # Already 21 at receipt: nothing to hurry for.
        ("WA", date(2002, 1, 1), True, date(2024, 4, 9), STANDARD),
    ],
)
def test_the_victims_own_21st_birthday_counts_when_parents_or_siblings_are_listed(
    state, born, listed, expected, trigger
) -> None:
    deadline = due(
        state, "U", date(2024, 1, 10), victim_birth_date=born, parents_or_siblings=listed
    )
    assert (deadline.due_date, deadline.trigger) == (expected, trigger)


def test_a_state_without_an_age_out_rule_ignores_it() -> None:
    deadline = due(
        "CA",
        "U",
        date(2024, 3, 1),
        age_out_date=date(2024, 3, 10),
        victim_birth_date=date(2003, 3, 5),
        parents_or_siblings=True,
    )
    assert (deadline.due_date, deadline.trigger) == (date(2024, 3, 31), STANDARD)


def test_illinois_age_out_after_the_window_keeps_the_standard_clock() -> None:
    deadline = due("IL", "U", date(2024, 6, 3), age_out_date=date(2024, 9, 1))
    assert deadline.trigger == AGE_OUT_WINDOW


# --- Illinois detention ---------------------------------------------------------------------------


def test_illinois_expedites_a_detained_victim() -> None:
    # 3 June 2024 + 21 calendar days = 24 June.
    deadline = due("IL", "U", date(2024, 6, 3), detained=True, kind="sheriff")
    assert (deadline.due_date, deadline.trigger) == (date(2024, 6, 24), DETENTION)


# --- California Penal Code 236.5 ------------------------------------------------------------------


def test_california_236_5_counts_15_business_days_from_the_first_encounter() -> None:
    # First encounter Tue 20 Feb 2024; business days: 21-23 Feb (3), 26-29 (7), 1 Mar (8),
    # 4-8 (13), 11 (14), Tue 12 March (15). Penal Code 679.11 alone: 1 March + 30 = 31 March.
    deadline = due("CA", "T", date(2024, 3, 1), kind="police", first_encounter_on=date(2024, 2, 20))
    assert (deadline.due_date, deadline.trigger) == (date(2024, 3, 12), FIRST_ENCOUNTER)
    assert deadline.law == "Cal. Penal Code 236.5"
    assert deadline.counted_from == date(2024, 2, 20)


def test_california_236_5_is_due_at_once_when_the_encounter_was_long_ago() -> None:
    deadline = due("CA", "T", date(2024, 3, 1), kind="sheriff", first_encounter_on=date(2023, 1, 5))
    assert deadline.due_date == date(2024, 3, 1)


def test_california_236_5_binds_law_enforcement_not_a_labor_agency() -> None:
    labor = due("CA", "T", date(2024, 3, 1), kind="labor", first_encounter_on=date(2024, 2, 20))
    assert (labor.due_date, labor.trigger) == (date(2024, 3, 31), STANDARD)
    # Without the date of the first encounter, 679.11's 30 days.
    assert due("CA", "T", date(2024, 3, 1), kind="police").due_date == date(2024, 3, 31)


def test_california_t_denial_letter_and_reconsideration_clocks() -> None:
    duties = duties_for("CA", "T", date(2024, 3, 1), agency_kind="police")
    letter, appeal = duties.denial_letter, duties.appeal
    assert letter is not None and (letter.days, letter.day_kind) == (15, "calendar")
    assert appeal is not None and (appeal.days, appeal.law) == (7, "Cal. Penal Code 236.5")
    # New evidence received 4 March: one week, 11 March.
    assert appeal_due(duties, date(2024, 3, 4)) == date(2024, 3, 11)
    assert duties_for("CA", "U", date(2024, 3, 1), agency_kind="police").appeal is None


# --- Massachusetts delay notice, presumptions -----------------------------------------------------


def test_massachusetts_allows_a_delay_notice_and_nevada_presumes_helpfulness() -> None:
    assert duties_for("MA", "U", date(2024, 3, 1)).delay_notice_law == "G.L. c. 258F, § 3"
    assert not duties_for("CA", "U", date(2024, 3, 1)).delay_notice_law
    nevada = duties_for("NV", "U", date(2024, 3, 1))
    assert nevada.presumption is not None and nevada.presumption.law.startswith("NRS 217")
    nv = due("NV", "U", date(2024, 3, 1))
    assert (nv.basis, nv.trigger) == (ClockBasis.SITE_DEFAULT, SITE_DEFAULT)


def test_the_questions_each_place_may_ask() -> None:
    assert set(duties_for("CA", "U", date(2024, 3, 1)).uses()) == {"removal_proceedings"}
    assert set(duties_for("IL", "U", date(2024, 3, 1)).uses()) == {
        "removal_proceedings",
        "detained",
        "age_out",
        "parents_or_siblings",
    }
    assert set(duties_for("WA", "T", date(2024, 3, 1)).uses()) == {
        "removal_proceedings",
        "age_out",
        "parents_or_siblings",
    }
    assert duties_for("TX", "U", date(2024, 3, 1)).uses() == {}
    assert duties_for("IL", "U", date(2024, 3, 1), agency_kind="court").uses() == {}
