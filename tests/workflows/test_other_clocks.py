"""The six-month validity of a signed I-918 Supplement B, and appeal clocks."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
import time_machine

from certify.records.validity import last_safe_filing_date, last_safe_filing_date_for
from workflows.deadlines import (
    agency_today,
    appeal_due,
    days_left,
    is_overdue,
    rule_for,
)


@pytest.mark.parametrize(
    ("signed", "last_day"),
    [
        # The reference's own example: anniversary 1 Oct, so the day before, 30 Sep.
        (date(2024, 4, 1), date(2024, 9, 30)),
        # Anniversary 1 July 2024: last day 30 June.
        (date(2024, 1, 1), date(2024, 6, 30)),
        # 31 August: there is no 31 February, so the month end, 28 Feb in a common year...
        (date(2024, 8, 31), date(2025, 2, 28)),
        # ... and 29 Feb when the February is a leap one.
        (date(2023, 8, 31), date(2024, 2, 29)),
        # 30 Aug 2024: counting six months back from 28 Feb 2025 lands on 28 Aug, still before
        # the signature, so 28 Feb is safe; from 1 March it lands on 1 Sep, after it.
        (date(2024, 8, 30), date(2025, 2, 28)),
        (date(2023, 9, 1), date(2024, 2, 29)),
        # 31 March: 30 Sep minus six months is 30 March, before the signature.
        (date(2024, 3, 31), date(2024, 9, 30)),
        # Across the year end: 15 Dec 2024 gives 14 June 2025.
        (date(2024, 12, 15), date(2025, 6, 14)),
    ],
)
def test_it_gives_the_day_before_the_six_month_anniversary_clamping_month_ends(
    signed: date, last_day: date
) -> None:
    assert last_safe_filing_date(signed) == last_day


def test_it_sets_no_six_month_window_for_a_t_declaration() -> None:
    assert last_safe_filing_date_for("T", date(2024, 4, 1)) is None
    assert last_safe_filing_date_for("U", date(2024, 4, 1)) == date(2024, 9, 30)


@pytest.mark.parametrize(
    ("now", "overdue", "left"),
    [
        (datetime(2024, 9, 29, 12, tzinfo=UTC), False, 1),
        (datetime(2024, 9, 30, 12, tzinfo=UTC), False, 0),
        (datetime(2024, 10, 1, 12, tzinfo=UTC), True, -1),
    ],
)
def test_it_says_when_a_signed_supplement_b_is_too_old_to_file(
    now: datetime, overdue: bool, left: int
) -> None:
    last_day = last_safe_filing_date(date(2024, 4, 1))
    with time_machine.travel(now, tick=False):
        today = agency_today("America/Chicago")
    assert is_overdue(last_day, today) is overdue
    assert days_left(last_day, today) == left


@pytest.mark.django_db
def test_it_gives_illinois_agencies_thirty_business_days_to_answer_an_appeal() -> None:
    rule = rule_for("IL", "U", date(2024, 11, 18))
    # Appeal received Mon 18 Nov 2024 (day 0). 19-22 Nov = 4; 25-27 = 7; Thanksgiving (Thu
    # 28) skipped; Fri 29 = 8; 2-6 Dec = 13; 9-13 = 18; 16-20 = 23; 23-24 = 25; Christmas
    # (Wed 25) skipped; 26-27 = 27; 30-31 = 29; New Year's Day skipped; Thu 2 Jan 2025 = 30.
    assert appeal_due(rule, date(2024, 11, 18)) == date(2025, 1, 2)


@pytest.mark.django_db
def test_it_has_no_appeal_clock_where_the_law_sets_none() -> None:
    assert appeal_due(rule_for("CA", "U", date(2024, 3, 1)), date(2024, 3, 1)) is None
