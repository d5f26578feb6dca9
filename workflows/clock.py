"""What a request's clocks show: the snapshot taken at receipt, read against today's date, and
the other clocks that apply once the agency has decided, explained a delay or been asked to
reconsider. Each page shows only the clocks that apply at that point, and says which.

The sentences are built here in the reader's language at the moment they are shown: the
request keeps only the figures (days, kind of days, trigger, law citation, basis).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.utils.translation import get_language_bidi, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from certify.records.models import CertificationRequest, ClockBasis
from certify.records.validity import filing_window_end_for, recommended_filing_date_for
from workflows import deadlines
from workflows.deadlines import Duties, agency_today, days_left, is_overdue

Status = CertificationRequest.Status

# Which clock a page is to show.
WAITING = "waiting"  # not yet received: no clock runs
RESPONSE = "response"  # the response clock runs
DELAYED = "delayed"  # a delay was explained in writing, as the law allows
DECIDED = "decided"  # certified or denied: the response clock no longer counts
RECONSIDERATION = "reconsideration"  # asked to reconsider: only an appeal clock the law sets
CLOSED = "closed"  # withdrawn

# Why a clock is shorter than the standard one, as a clause: "... because <reason>."
TRIGGER_REASONS = {
    deadlines.REMOVAL_PROCEEDINGS: _("the victim is in removal proceedings"),
    deadlines.DETENTION: _("the victim is detained"),
    deadlines.AGE_OUT_BEFORE: _("a family member soon reaches the age limit"),
    deadlines.AGE_OUT_WINDOW: _("a family member reaches the age limit within the deadline"),
    deadlines.AGE_OUT_URGENT: _("a family member reaches the age limit very soon"),
    deadlines.VICTIM_AGE_OUT: _(
        "the victim turns 21 soon and parents or siblings are to be included"
    ),
}


def _days_phrase(days: int, day_kind: str) -> str:
    if day_kind == "business":
        return ngettext("%(days)d business day", "%(days)d business days", days) % {"days": days}
    return ngettext("%(days)d day", "%(days)d days", days) % {"days": days}


def left_to_right(text: str) -> str:
    """A citation kept left to right inside right-to-left text (Unicode isolates: the plain-text
    `<bdi dir="ltr">`, so it holds in e-mails too)."""
    return f"\u2066{text}\u2069" if get_language_bidi() else text


def rule_sentence(
    *, basis: str, law: str, days: int | None, day_kind: str, trigger: str = ""
) -> str:
    """The clock in plain words, for everyone who reads the request: which law (or that it is
    policy), and how many days."""
    if days is None:
        return ""
    count = _days_phrase(days, day_kind)
    if basis == ClockBasis.AGENCY_TARGET:
        return gettext(
            "This agency’s own target is %(count)s; no state law sets one here. This is agency "
            "policy, not law."
        ) % {"count": count}
    if basis == ClockBasis.SITE_DEFAULT:
        return gettext(
            "No state law sets a deadline here and this agency has published no target of its "
            "own, so certify asks for an answer within %(count)s. This is agency policy, not "
            "law."
        ) % {"count": count}
    if trigger == deadlines.FIRST_ENCOUNTER:
        sentence = gettext(
            "State law (%(law)s) gives the agency %(count)s from its first encounter with the "
            "victim."
        )
    elif basis == ClockBasis.LOCAL_LAW:
        sentence = gettext("Local law (%(law)s) gives the agency %(count)s.")
    else:
        sentence = gettext("State law (%(law)s) gives the agency %(count)s.")
    sentence %= {"law": left_to_right(law), "count": count}
    reason = TRIGGER_REASONS.get(trigger)
    if reason is not None:
        sentence += " " + gettext("This shorter deadline applies because %(reason)s.") % {
            "reason": reason
        }
    return sentence


def checking_note(*, basis: str, confirmed: bool) -> str:
    """For agency staff: how far the figures were checked. Empty for a policy target, which
    has nothing in law to check."""
    if basis in (ClockBasis.AGENCY_TARGET, ClockBasis.SITE_DEFAULT, ""):
        return ""
    if confirmed:
        return gettext("These figures were checked against the law’s text.")
    return gettext(
        "These figures come from a secondary source and have not yet been checked against the "
        "law’s text; where a point is unsettled, the earlier date is used."
    )


@dataclass(frozen=True)
class Clock:
    phase: str
    due_date: date | None
    days_left: int | None
    overdue: bool
    # The rule as it was when the clock started (the snapshot), not the rule in force today.
    basis: str
    law: str
    days: int | None
    day_kind: str
    trigger: str
    source: str
    confirmed: bool
    expedited: bool
    received_on: date | None
    # A written explanation of a delay, where the law accepts one (G.L. c. 258F, § 3).
    delay_notice_on: date | None = None
    delay_projected_on: date | None = None
    delay_law: str = ""
    # Asked to reconsider: the answer clock a law sets, if any.
    appeal_due_date: date | None = None
    appeal_days_left: int | None = None
    appeal_law: str = ""
    # Denied: the letter clock a law sets, if any (Penal Code 236.5(c)).
    denial_letter_due: date | None = None
    denial_letter_law: str = ""
    # Certified U requests: the six-month window of 8 CFR 214.14(c)(2)(i).
    filing_window_ends: date | None = None
    recommended_filing_by: date | None = None
    filing_days_left: int | None = None
    # The law counts from a first encounter the agency has not yet recorded.
    first_encounter_law: str = ""

    @property
    def running(self) -> bool:
        return self.phase == RESPONSE and self.due_date is not None

    @property
    def stopped(self) -> bool:
        return self.due_date is not None and self.phase != RESPONSE

    @property
    def is_policy(self) -> bool:
        return self.basis in (ClockBasis.AGENCY_TARGET, ClockBasis.SITE_DEFAULT)

    @property
    def overdue_days(self) -> int:
        """How many days past the due date (0 unless overdue)."""
        return -self.days_left if self.overdue and self.days_left is not None else 0

    @property
    def last_safe_filing_date(self) -> date | None:
        """The date pages ask the requester to file by: the recommended one."""
        return self.recommended_filing_by

    @property
    def rule_text(self) -> str:
        return rule_sentence(
            basis=self.basis,
            law=self.law,
            days=self.days,
            day_kind=self.day_kind,
            trigger=self.trigger,
        )

    @property
    def checking_note(self) -> str:
        return checking_note(basis=self.basis, confirmed=self.confirmed)


def _basis(req: CertificationRequest) -> str:
    if req.clock_basis:
        return req.clock_basis
    if req.due_date is None:
        return ""
    # Clocks started before the basis was recorded: policy, or a state's law.
    return ClockBasis.AGENCY_TARGET if req.clock_is_policy else ClockBasis.STATE_LAW


def _phase(req: CertificationRequest) -> str:
    if req.status == Status.RECONSIDERATION:
        return RECONSIDERATION
    if req.status in (Status.CERTIFIED, Status.DENIED, Status.CERT_WITHDRAWN):
        return DECIDED
    if req.status in (Status.WITHDRAWN, Status.RETURNED):
        return CLOSED
    if req.due_date is None:
        return WAITING
    if req.delay_notice_on is not None:
        return DELAYED
    return RESPONSE


def clock_for(
    req: CertificationRequest, today: date | None = None, *, duties: Duties | None = None
) -> Clock:
    """The clocks of ``req`` as of ``today`` (by default today in the agency's time zone).

    Once the request is decided, withdrawn, explained as delayed or sent back for
    reconsideration, the response clock stops: days_left and overdue are then None and False.
    ``duties`` (the laws in force for the agency) adds the clocks that need them: the law of an
    appeal clock, a denial letter's date, a first encounter still to record.
    """
    agency = req.agency if req.agency_id else None
    if today is None:
        today = agency_today(agency.time_zone if agency is not None else "UTC")
    phase = _phase(req)
    running = phase == RESPONSE
    window_end = recommended = None
    if req.status == Status.CERTIFIED and req.signature_date:
        window_end = filing_window_end_for(req.form, req.signature_date)
        recommended = recommended_filing_date_for(req.form, req.signature_date)
    appeal_due = req.appeal_due_date if phase == RECONSIDERATION else None
    letter_due = None
    letter_law = appeal_law = delay_law = encounter_law = ""
    if duties is not None:
        if appeal_due is not None and duties.appeal is not None:
            appeal_law = duties.appeal.law
        letter = duties.denial_letter
        decided_at = req.decided_at
        if (
            req.status == Status.DENIED
            and letter is not None
            and decided_at is not None
            and agency is not None
        ):
            decided = decided_at.astimezone(agency.tz).date()
            letter_due, letter_law = letter.due(decided), letter.law
        delay_law = duties.delay_notice_law
        encounter = duties.first_encounter
        if running and encounter is not None and req.first_encounter_on is None:
            encounter_law = encounter.law
    return Clock(
        phase=phase,
        due_date=req.due_date,
        days_left=days_left(req.due_date, today) if running and req.due_date else None,
        overdue=is_overdue(req.due_date, today) if running and req.due_date else False,
        basis=_basis(req),
        law=req.clock_rule if not req.clock_is_policy else "",
        days=req.clock_days,
        day_kind=req.clock_day_kind,
        trigger=req.clock_trigger,
        source=req.clock_source,
        confirmed=req.clock_confirmed,
        expedited=req.expedited,
        received_on=req.received_on,
        delay_notice_on=req.delay_notice_on,
        delay_projected_on=req.delay_projected_on,
        delay_law=delay_law,
        appeal_due_date=appeal_due,
        appeal_days_left=days_left(appeal_due, today) if appeal_due else None,
        appeal_law=appeal_law,
        denial_letter_due=letter_due,
        denial_letter_law=letter_law,
        filing_window_ends=window_end,
        recommended_filing_by=recommended,
        filing_days_left=days_left(recommended, today) if recommended else None,
        first_encounter_law=encounter_law,
    )
