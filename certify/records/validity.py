"""How long a signed Supplement B stays usable: facts of the federal form, not of any state.

8 CFR 214.14(c)(2)(i): the Form I-918 must include a Supplement B "signed by a certifying
official within the six months immediately preceding the filing of Form I-918". Two dates come
from it, shown separately:

- the end of the six-month window (``filing_window_end``): the last day on which a Form I-918
  filed with this Supplement B certainly has it signed within the six months before filing;
- the date the site recommends filing by (``recommended_filing_date``): a week earlier, because
  USCIS counts a filing from the day it arrives at the filing location (8 CFR 103.2(a)(7)(i)),
  not the day it is sent.

The I-914 Supplement B (T) has no window of this kind. Pure date arithmetic, used by the seal,
the clocks and the reminders.
"""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from certify.records.models import CertificationRequest

# Days between the recommended filing date and the end of the window: time for the filing to
# reach USCIS.
RECOMMENDED_MARGIN_DAYS = 7


def add_months(day: date, months: int) -> date:
    """Same day of the month ``months`` later, clamped to the month's last day (31 Aug + 6 =
    28/29 Feb), because the regulation counts in months and a month has no 31st to land on."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def filing_window_end(signature_date: date) -> date:
    """The last day of the six months in which Form I-918 may be filed with a Supplement B
    signed on ``signature_date``.

    Counting six calendar months back from a filing day (to the same day number, or the month's
    last day where the month is shorter), the signature must fall within them. Whether the first
    of those days itself counts is a point the regulation does not settle, so the window is
    taken to end on the last filing day for which the signature falls strictly after it, true on
    either reading. Signed 1 April: it ends 30 September. Signed 31 August: 28 February, or 29
    in a leap year (never a day in March). Signed 1 March 2023: 31 August.
    """
    anniversary = add_months(signature_date, 6)
    if add_months(anniversary, -6) < signature_date:
        # A clamped anniversary (31 August to 28 February) is still inside the window.
        return anniversary
    return anniversary - timedelta(days=1)


def recommended_filing_date(signature_date: date) -> date:
    """The day the site recommends filing Form I-918 by: a week before the window ends."""
    return filing_window_end(signature_date) - timedelta(days=RECOMMENDED_MARGIN_DAYS)


# The name the seal and older callers use for the end of the window.
last_safe_filing_date = filing_window_end


def filing_window_end_for(form: str, signature_date: date) -> date | None:
    """As ``filing_window_end`` for the U form; None for T, whose Supplement B (I-914B) has
    no validity window of this kind."""
    if form == CertificationRequest.Form.U:
        return filing_window_end(signature_date)
    return None


def recommended_filing_date_for(form: str, signature_date: date) -> date | None:
    if form == CertificationRequest.Form.U:
        return recommended_filing_date(signature_date)
    return None


last_safe_filing_date_for = filing_window_end_for
