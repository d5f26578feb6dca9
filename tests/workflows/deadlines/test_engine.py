"""The state response clock: rule lookup, calendar and business days, expedites, policy.

Every expected date below was counted by hand in the comment beside it, with the received day
as day 0 (the engine's convention).
"""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime

import pytest
import time_machine

from certify.records.models import ClockBasis
from workflows.deadlines import (
    AGE_OUT_BEFORE,
    AGE_OUT_WINDOW,
    AGENCY_TARGET,
    DETENTION,
    REMOVAL_PROCEEDINGS,
    SITE_DEFAULT,
    STANDARD,
    Facts,
    add_business_days,
    agency_today,
    birthday,
    compute_due,
    days_left,
    deadline_for,
    duties_for,
    is_overdue,
    rules_for,
)
from workflows.models import DeadlineRule


def due(state: str, form: str, received: date, **facts):
    kind = facts.pop("agency_kind", "")
    place = facts.pop("place", "")
    target = facts.pop("agency_target_days", None)
    return deadline_for(
        state,
        form,
        Facts(received_on=received, **facts),
        agency_kind=kind,
        place=place,
        agency_target_days=target,
    )


# --- California: calendar days -----------------------------------------------------------


@pytest.mark.django_db
def test_it_gives_california_thirty_calendar_days_from_receipt() -> None:
    deadline = due("CA", "U", date(2024, 3, 1))
    # 1 March + 30 days: March has 31 days, so 31 March.
    assert deadline.due_date == date(2024, 3, 31)
    assert (deadline.days, deadline.day_kind) == (30, "calendar")
    assert deadline.trigger == STANDARD
    assert deadline.basis == ClockBasis.STATE_LAW
    assert not deadline.expedited
    assert not deadline.is_policy
    assert "679.10" in deadline.law
    assert deadline.source.startswith("https://leginfo.legislature.ca.gov/")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("today", "overdue", "left"),
    [
        (date(2024, 3, 30), False, 1),  # the day before
        (date(2024, 3, 31), False, 0),  # the day of: still on time
        (date(2024, 4, 1), True, -1),  # the day after
    ],
)
def test_it_is_overdue_only_after_the_california_due_date(
    today: date, overdue: bool, left: int
) -> None:
    deadline_day = due("CA", "T", date(2024, 3, 1)).due_date
    assert deadline_day == date(2024, 3, 31)
    assert is_overdue(deadline_day, today) is overdue
    assert days_left(deadline_day, today) == left


@time_machine.travel(datetime(2024, 4, 1, 3, 0, tzinfo=UTC), tick=False)
def test_it_reads_today_in_the_agency_time_zone_not_utc() -> None:
    # 03:00 UTC on 1 April is 20:00 on 31 March in Los Angeles (PDT, UTC-7): the CA deadline of
    # 31 March has not passed there yet, although the UTC date has moved on.
    today = agency_today("America/Los_Angeles")
    assert today == date(2024, 3, 31)
    assert not is_overdue(date(2024, 3, 31), today)
    assert is_overdue(date(2024, 3, 31), agency_today("UTC"))


@pytest.mark.django_db
def test_it_expedites_california_removal_proceedings_to_seven_days() -> None:
    deadline = due("CA", "U", date(2024, 3, 1), removal_proceedings=True)
    # 1 March + 7 = 8 March.
    assert deadline.due_date == date(2024, 3, 8)
    assert deadline.trigger == REMOVAL_PROCEEDINGS
    assert deadline.expedited


@pytest.mark.django_db
def test_it_uses_the_california_rule_in_force_on_the_day_of_receipt() -> None:
    # Received 31 Dec 2019, under the 90-day rule: +31 = 31 Jan, +29 = 29 Feb 2020 (leap, day
    # 60), +30 = 30 March (day 90).
    old = due("CA", "U", date(2019, 12, 31))
    assert (old.days, old.due_date) == (90, date(2020, 3, 30))
    # Received a day later, under AB 917's 30 days: 1 Jan + 30 = 31 Jan.
    new = due("CA", "U", date(2020, 1, 1))
    assert (new.days, new.due_date) == (30, date(2020, 1, 31))


@pytest.mark.django_db
def test_it_requires_written_denials_in_california_only_from_2024() -> None:
    assert not duties_for("CA", "U", date(2023, 12, 31)).written_denial_required
    assert duties_for("CA", "U", date(2024, 1, 1)).written_denial_required


# --- Illinois: business days -------------------------------------------------------------


def test_it_skips_a_holiday_when_counting_business_days() -> None:
    # Wed 3 July 2024 is day 0; Thu 4 July is Independence Day, so Fri 5 July is day 1 and
    # Mon 8 July is day 2.
    assert add_business_days(date(2024, 7, 3), 2, "IL") == date(2024, 7, 8)


def test_it_counts_the_agency_state_own_holidays() -> None:
    # Mon 4 March 2024 is Casimir Pulaski Day, a holiday in Illinois but not in California.
    assert add_business_days(date(2024, 3, 1), 1, "IL") == date(2024, 3, 5)
    assert add_business_days(date(2024, 3, 1), 1, "CA") == date(2024, 3, 4)


@pytest.mark.django_db
def test_it_counts_illinois_business_days_across_a_holiday() -> None:
    deadline = due("IL", "U", date(2024, 6, 3))
    # Received Mon 3 June 2024. Business days: 4-7 Jun = 4; 10-14 = 9; 17-21 less Juneteenth
    # (Wed 19) = 13; 24-28 = 18; 1-5 Jul less Independence Day (Thu 4) = 22; 8 Jul to 30 Aug,
    # eight full weeks = 62; 2-6 Sep less Labor Day (Mon 2) = 66; 9 Sep to 4 Oct, four weeks
    # = 86; Mon 7 Oct 87, Tue 8 88, Wed 9 89, Thu 10 Oct = 90. (No holidays: Mon 7 Oct.)
    assert deadline.due_date == date(2024, 10, 10)
    assert (deadline.days, deadline.day_kind) == (90, "business")
    assert not deadline.confirmed


@pytest.mark.django_db
def test_it_expedites_illinois_removal_proceedings_to_twenty_one_days() -> None:
    deadline = due("IL", "T", date(2024, 6, 3), removal_proceedings=True)
    # Calendar days, the earlier reading (business or calendar is not settled): 3 June + 21.
    assert deadline.due_date == date(2024, 6, 24)
    assert deadline.trigger == REMOVAL_PROCEEDINGS


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("sibling_turns_18", "expected", "trigger"),
    [
        (date(2024, 9, 1), date(2024, 6, 24), AGE_OUT_WINDOW),  # inside the 90-day window
        (date(2024, 10, 10), date(2024, 6, 24), AGE_OUT_WINDOW),  # on the window's last day
        (date(2024, 10, 11), date(2024, 10, 10), STANDARD),  # the day after: no expedite
    ],
)
def test_it_expedites_illinois_when_someone_ages_out_inside_the_window(
    sibling_turns_18: date, expected: date, trigger: str
) -> None:
    deadline = due("IL", "U", date(2024, 6, 3), age_out_date=sibling_turns_18)
    # Standard window ends Thu 10 Oct 2024 (see above); the age-out clock is 3 June + 21.
    assert deadline.due_date == expected
    assert deadline.trigger == trigger


# --- Washington: age-out before the 21st birthday -------------------------------------------


@pytest.mark.django_db
def test_it_makes_washington_certify_fourteen_days_before_the_child_turns_21() -> None:
    turns_21 = birthday(date(2003, 3, 1), 21)
    assert turns_21 == date(2024, 3, 1)
    deadline = due("WA", "U", date(2024, 1, 10), age_out_date=turns_21)
    # Standard: 10 Jan + 90 = 9 April 2024 (21 to 31 Jan, 29 to 29 Feb, 31 to 31 Mar, 9).
    # Age-out: 1 March - 14 days, counting back through a 29-day February = 16 Feb. Earlier wins.
    assert deadline.due_date == date(2024, 2, 16)
    assert deadline.trigger == AGE_OUT_BEFORE
    assert deadline.expedited


@pytest.mark.django_db
def test_it_keeps_the_washington_standard_deadline_when_the_age_out_is_later() -> None:
    deadline = due("WA", "T", date(2024, 1, 10), age_out_date=date(2024, 6, 1))
    # 1 June - 14 = 18 May, after the standard 9 April.
    assert deadline.due_date == date(2024, 4, 9)
    assert deadline.trigger == STANDARD


@pytest.mark.django_db
def test_it_makes_a_request_due_at_once_when_the_age_out_margin_has_already_passed() -> None:
    # Turns 21 on 20 Jan: 14 days before is 6 Jan, before receipt, so due on receipt.
    deadline = due("WA", "U", date(2024, 1, 10), age_out_date=date(2024, 1, 20))
    assert deadline.due_date == date(2024, 1, 10)
    # An age-out already past at receipt changes nothing.
    past = due("WA", "U", date(2024, 1, 10), age_out_date=date(2024, 1, 9))
    assert past.due_date == date(2024, 4, 9)


@pytest.mark.django_db
def test_it_picks_the_earliest_of_several_expedites() -> None:
    deadline = due(
        "WA", "U", date(2024, 1, 10), removal_proceedings=True, age_out_date=date(2024, 3, 1)
    )
    # Removal: 10 Jan + 14 = 24 Jan; age-out: 16 Feb; standard: 9 April.
    assert deadline.due_date == date(2024, 1, 24)
    assert deadline.trigger == REMOVAL_PROCEEDINGS


def test_it_counts_a_leap_day_birthday_on_28_february_in_common_years() -> None:
    assert birthday(date(2004, 2, 29), 21) == date(2025, 2, 28)
    assert birthday(date(2004, 2, 29), 20) == date(2024, 2, 29)


# --- Detention ------------------------------------------------------------------------------


def _rule_with_detention() -> DeadlineRule:
    # An unsaved, hypothetical rule: compute_due needs no database.
    return DeadlineRule(
        state="CT",
        form="U",
        provision="hypothetical",
        law="hypothetical",
        source="https://www.cga.ct.gov/",
        days=90,
        day_kind="calendar",
        detention_days=10,
        expedite_day_kind="calendar",
    )


def test_it_expedites_a_detained_victim_where_the_rule_has_a_detention_clock() -> None:
    rule = _rule_with_detention()
    detained = compute_due(rule, received_on=date(2024, 5, 1), detained=True)
    assert detained is not None
    # 1 May + 10 = 11 May.
    assert detained.due_date == date(2024, 5, 11)
    assert detained.trigger == DETENTION
    # Not detained: 1 May + 90 = 30 July (30 to 31 May, 30 to 30 Jun, 30 more).
    free = compute_due(rule, received_on=date(2024, 5, 1))
    assert free is not None and free.due_date == date(2024, 7, 30)


@pytest.mark.django_db
def test_it_ignores_detention_where_the_law_has_no_detention_clock() -> None:
    assert all(rule.detention_days is None for rule in rules_for("CA", "U", date(2024, 3, 1)))
    deadline = due("CA", "U", date(2024, 3, 1), detained=True)
    assert deadline.due_date == date(2024, 3, 31)


def test_a_rule_without_a_clock_gives_no_deadline() -> None:
    rule = DeadlineRule(state="NV", form="U", provision="nv", law="NRS", source="", days=None)
    assert compute_due(rule, received_on=date(2024, 5, 1), removal_proceedings=True) is None


# --- Minnesota: the expedite must be asked for ----------------------------------------------


@pytest.mark.django_db
def test_it_expedites_minnesota_only_when_the_victim_asked_for_it() -> None:
    asked = due("MN", "U", date(2024, 2, 1), removal_proceedings=True, agency_kind="police")
    # 1 Feb + 14 = 15 Feb.
    assert asked.due_date == date(2024, 2, 15)
    not_asked = due(
        "MN",
        "U",
        date(2024, 2, 1),
        removal_proceedings=True,
        expedite_requested=False,
        agency_kind="police",
    )
    # 1 Feb + 90: 28 to 29 Feb, 31 to 31 Mar (59), 30 to 30 Apr (89), 1 May (90).
    assert not_asked.due_date == date(2024, 5, 1)
    assert not not_asked.expedited


@pytest.mark.django_db
def test_it_expedites_california_even_if_not_asked_because_its_law_does_not_require_it() -> None:
    deadline = due("CA", "U", date(2024, 3, 1), removal_proceedings=True, expedite_requested=False)
    assert deadline.due_date == date(2024, 3, 8)


# --- Where no law sets a clock: policy ------------------------------------------------------


@pytest.mark.django_db
def test_it_falls_back_to_policy_for_maryland_t_requests() -> None:
    received = date(2025, 11, 3)
    u = due("MD", "U", received)
    # Maryland U: 3 Nov + 45 = 18 Dec (27 to 30 Nov, 18 more).
    assert (u.due_date, u.is_policy) == (date(2025, 12, 18), False)
    assert rules_for("MD", "T", received) == []
    t = due("MD", "T", received, removal_proceedings=True)
    # The site's default: 3 Nov + 60 = 2 Jan 2026 (27 to 30 Nov, 31 to 31 Dec, 2 more); no
    # expedite, because no law gives one.
    assert (t.due_date, t.is_policy, t.expedited) == (date(2026, 1, 2), True, False)
    assert (t.basis, t.trigger, t.law) == (ClockBasis.SITE_DEFAULT, SITE_DEFAULT, "")


@pytest.mark.django_db
def test_it_uses_policy_before_a_state_law_takes_effect() -> None:
    # Maryland's law starts 1 Oct 2025.
    assert due("MD", "U", date(2025, 9, 30)).is_policy
    assert not due("md", "U", date(2025, 10, 1)).is_policy


@pytest.mark.django_db
def test_it_uses_policy_for_a_state_without_a_statute() -> None:
    deadline = due("TX", "U", date(2024, 3, 1))
    assert deadline.is_policy
    assert deadline.due_date == date(2024, 4, 30)


@pytest.mark.django_db
def test_the_site_default_is_a_setting_the_admin_sets(settings) -> None:
    settings.CERTIFY_DEFAULT_TARGET_DAYS = 45
    # 1 March + 45 = 15 April.
    assert due("TX", "U", date(2024, 3, 1)).due_date == date(2024, 4, 15)


@pytest.mark.django_db
def test_it_lets_an_agency_target_replace_the_default_but_not_a_statute() -> None:
    own = due("TX", "U", date(2024, 3, 1), agency_target_days=45)
    # 1 March + 45 = 15 April (30 to 31 Mar, 15 more).
    assert (own.due_date, own.trigger, own.basis) == (
        date(2024, 4, 15),
        AGENCY_TARGET,
        ClockBasis.AGENCY_TARGET,
    )
    statute = due("CA", "U", date(2024, 3, 1), agency_target_days=5)
    assert statute.due_date == date(2024, 3, 31)


@pytest.mark.django_db
def test_it_never_moves_a_stored_deadline_when_the_rule_changes() -> None:
    (rule,) = rules_for("CA", "U", date(2024, 3, 1))
    stored = due("CA", "U", date(2024, 3, 1))
    rule.days = 45
    rule.save()
    with pytest.raises(dataclasses.FrozenInstanceError):
        stored.due_date = date(2024, 4, 15)  # type: ignore[misc]
    assert stored.due_date == date(2024, 3, 31)
    assert stored.as_json()["due_date"] == "2024-03-31"
    # A new request picks up the edited rule: 1 March + 45 = 15 April.
    assert due("CA", "U", date(2024, 3, 1)).due_date == date(2024, 4, 15)
