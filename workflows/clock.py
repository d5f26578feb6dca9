"""What a request's clock shows: the snapshot taken at receipt, read against today's date; and
the deadline rule in force today, for the pages that explain it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from certify.records.models import Agency, CertificationRequest
from certify.records.validity import last_safe_filing_date_for
from workflows.deadlines import agency_today, days_left, is_overdue, rule_for
from workflows.models import DeadlineRule


@dataclass(frozen=True)
class Clock:
    due_date: date | None
    days_left: int | None
    overdue: bool
    # The rule as it was when the clock started (the snapshot), not the rule in force today.
    rule_text: str
    source: str
    confirmed: bool
    expedited: bool
    # The agency's own target where the state sets no deadline: to be shown as policy, not law.
    is_policy: bool
    received_on: date | None
    # Certified U requests only: the last day to file Form I-918 with this Supplement B.
    last_safe_filing_date: date | None
    filing_days_left: int | None
    # Decided or withdrawn: the response clock no longer counts.
    stopped: bool = False

    @property
    def running(self) -> bool:
        return self.due_date is not None and not self.stopped

    @property
    def overdue_days(self) -> int:
        """How many days past the due date (0 unless overdue)."""
        return -self.days_left if self.overdue and self.days_left is not None else 0


def clock_for(req: CertificationRequest, today: date | None = None) -> Clock:
    """The clock of ``req`` as of ``today`` (by default today in the agency's time zone).

    Once the request is decided or withdrawn the response clock stops: days_left and overdue
    are then None and False, and a certified U request shows its filing window instead.
    """
    if today is None:
        agency = req.agency
        today = agency_today(agency.time_zone if agency is not None else "UTC")
    stopped = not req.is_open
    # The due date while the clock runs; None once it has stopped or if it never started.
    running_due = req.due_date if not stopped else None
    last_day = None
    if req.status == CertificationRequest.Status.CERTIFIED and req.signature_date:
        last_day = last_safe_filing_date_for(req.form, req.signature_date)
    return Clock(
        due_date=req.due_date,
        days_left=days_left(running_due, today) if running_due is not None else None,
        overdue=is_overdue(running_due, today) if running_due is not None else False,
        rule_text=req.clock_rule,
        source=req.clock_source,
        confirmed=req.clock_confirmed,
        expedited=req.expedited,
        is_policy=req.clock_is_policy,
        received_on=req.received_on,
        last_safe_filing_date=last_day,
        filing_days_left=days_left(last_day, today) if last_day else None,
        stopped=stopped,
    )


def rule_in_force(*, agency: Agency, form: str) -> DeadlineRule:
    """The deadline rule for ``form`` requests to ``agency`` in force today, in the agency's
    time zone: what its pages show. Raises ``NoRuleError`` where no rule or default exists.

    A request's own clock keeps the rule it started under (``Clock.rule_text``); this is the
    rule that would apply to a request received today."""
    return rule_for(agency.state, form, agency_today(agency.time_zone))
