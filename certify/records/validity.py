"""How long a signed Supplement B stays usable: facts of the federal form, not of any state.

8 CFR 214.14(c)(2)(i): the I-918 Supplement B must be signed within the six months before the
Form I-918 is filed. Pure date arithmetic, used by the seal, the clocks and the reminders."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from certify.records.models import CertificationRequest


def add_months(day: date, months: int) -> date:
    """Same day of the month ``months`` later, clamped to the month's last day (31 Aug + 6 =
    28/29 Feb), because USCIS counts in months and a month has no 31st to land on."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def last_safe_filing_date(signature_date: date) -> date:
    """The last day to file Form I-918 with a Supplement B signed on ``signature_date``.

    8 CFR 214.14(c)(2)(i) wants the Supplement B signed "within the six months immediately
    preceding the filing"; USCIS's exact counting is unconfirmed. Counting
    back six months from the filing date, the signature must fall after that start, so the last
    safe filing date is (signature - 1 day) + 6 months, clamped to the month's end: signed
    1 April gives 30 September; signed 31 August gives 28 February (29 in a leap year), never
    a date in March that a naive "+6 months then -1 day" with overflow would produce.
    """
    return add_months(signature_date - timedelta(days=1), 6)


def last_safe_filing_date_for(form: str, signature_date: date) -> date | None:
    """As ``last_safe_filing_date`` for the U form; None for T, whose Supplement B (I-914B) has
    no validity window of this kind."""
    if form == CertificationRequest.Form.U:
        return last_safe_filing_date(signature_date)
    return None
