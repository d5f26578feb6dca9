"""The six-month window of a signed I-918 Supplement B (8 CFR 214.14(c)(2)(i)), the date the
site recommends filing by, and appeal clocks."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine

from certify.records.validity import (
    RECOMMENDED_MARGIN_DAYS,
    add_months,
    filing_window_end,
    filing_window_end_for,
    last_safe_filing_date,
    recommended_filing_date,
    recommended_filing_date_for,
)
from workflows.deadlines import agency_today, appeal_due, days_left, duties_for, is_overdue


@pytest.mark.parametrize(
    ("signed", "window_end", "recommended"),
    [
        # Signed 1 April: six months back from 30 September reach 30 March, before the
        # signature; from 1 October they reach 1 April itself, where readings differ. So the
        # window ends 30 September; a week earlier, 23 September.
        (date(2024, 4, 1), date(2024, 9, 30), date(2024, 9, 23)),
        # Signed 1 January: ends 30 June; recommended 23 June.
        (date(2024, 1, 1), date(2024, 6, 30), date(2024, 6, 23)),
        # Month ends. 31 August: there is no 31 February, so the month end, 28 Feb in a common
        # year (recommended 21 Feb) ...
        (date(2024, 8, 31), date(2025, 2, 28), date(2025, 2, 21)),
        # ... and 29 Feb when the February is a leap one (recommended 22 Feb).
        (date(2023, 8, 31), date(2024, 2, 29), date(2024, 2, 22)),
        # 30 Aug 2024: 28 Feb 2025 minus six months is 28 Aug, before the signature.
        (date(2024, 8, 30), date(2025, 2, 28), date(2025, 2, 21)),
        # Leap years: signed 1 Sep 2023, the window ends 29 Feb 2024 (a leap day) ...
        (date(2023, 9, 1), date(2024, 2, 29), date(2024, 2, 22)),
        # ... signed 29 Feb 2024 (a leap day), it ends 28 Aug 2024.
        (date(2024, 2, 29), date(2024, 8, 28), date(2024, 8, 21)),
        # ... signed 1 March 2024, the day after a leap day: 31 August.
        (date(2024, 3, 1), date(2024, 8, 31), date(2024, 8, 24)),
        # Signed 1 March 2023, after a common-year February: 31 August minus six months is 28
        # February (clamped), before the signature; 1 September's is 1 March itself.
        (date(2023, 3, 1), date(2023, 8, 31), date(2023, 8, 24)),
        # Signed 28 Aug 2024: 28 Feb 2025 minus six months is 28 Aug itself, so 27 Feb.
        (date(2024, 8, 28), date(2025, 2, 27), date(2025, 2, 20)),
        # 31 March: 30 Sep minus six months is 30 March, before the signature.
        (date(2024, 3, 31), date(2024, 9, 30), date(2024, 9, 23)),
        # Across the year end: 15 Dec 2024 gives 14 June 2025.
        (date(2024, 12, 15), date(2025, 6, 14), date(2025, 6, 7)),
        # The recommended date can cross back over a month end: 5 Jan gives 4 July, 27 June.
        (date(2025, 1, 5), date(2025, 7, 4), date(2025, 6, 27)),
    ],
)
def test_it_states_the_six_month_window_and_separately_the_recommended_filing_date(
    signed: date, window_end: date, recommended: date
) -> None:
    assert filing_window_end(signed) == window_end
    assert recommended_filing_date(signed) == recommended
    assert (window_end - recommended).days == RECOMMENDED_MARGIN_DAYS
    # The older name is the end of the window.
    assert last_safe_filing_date(signed) == window_end


def test_the_window_is_the_last_day_the_signature_is_inside_the_six_months_on_any_reading() -> None:
    # For every signature day of two years, a leap year among them: six months back from the
    # window's last day land strictly before the signature (inside the six months whether their
    # first day counts or not), and from the day after they no longer do.
    day = date(2023, 1, 1)
    while day < date(2025, 1, 1):
        end = filing_window_end(day)
        assert add_months(end, -6) < day
        assert add_months(end + timedelta(days=1), -6) >= day
        day += timedelta(days=1)


def test_it_sets_no_six_month_window_for_a_t_declaration() -> None:
    assert filing_window_end_for("T", date(2024, 4, 1)) is None
    assert recommended_filing_date_for("T", date(2024, 4, 1)) is None
    assert filing_window_end_for("U", date(2024, 4, 1)) == date(2024, 9, 30)
    assert recommended_filing_date_for("U", date(2024, 4, 1)) == date(2024, 9, 23)


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
    last_day = filing_window_end(date(2024, 4, 1))
    with time_machine.travel(now, tick=False):
        today = agency_today("America/Chicago")
    assert is_overdue(last_day, today) is overdue
    assert days_left(last_day, today) == left


@pytest.mark.django_db
def test_it_gives_illinois_agencies_thirty_business_days_to_answer_an_appeal() -> None:
    duties = duties_for("IL", "U", date(2024, 11, 18))
    # Appeal received Mon 18 Nov 2024 (day 0). 19-22 Nov = 4; 25-27 = 7; Thanksgiving (Thu
    # 28) skipped; Fri 29 = 8; 2-6 Dec = 13; 9-13 = 18; 16-20 = 23; 23-24 = 25; Christmas
    # (Wed 25) skipped; 26-27 = 27; 30-31 = 29; New Year's Day skipped; Thu 2 Jan 2025 = 30.
    assert appeal_due(duties, date(2024, 11, 18)) == date(2025, 1, 2)


@pytest.mark.django_db
def test_it_has_no_appeal_clock_where_the_law_sets_none() -> None:
    assert appeal_due(duties_for("CA", "U", date(2024, 3, 1)), date(2024, 3, 1)) is None
    # A state court in Illinois is not bound by the VOICES Act's appeal clock either.
    court = duties_for("IL", "U", date(2024, 11, 18), agency_kind="court")
    assert appeal_due(court, date(2024, 11, 18)) is None
