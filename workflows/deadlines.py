"""The deadline engine: state response clocks, the six-month Supplement B window, appeal clocks.

Everything here except ``rule_for`` is a pure function of its arguments. ``compute_due`` returns
a frozen ``Deadline`` that callers store as it is: a later edit of a rule must never move a
deadline that has already been set, so nothing downstream recomputes from the live rule.

Day-count convention used throughout: the day the agency receives the request is day 0, so a
30-day clock on a request received on 1 March ends on 31 March (due = received + N days). A
deadline that lands on a weekend or holiday is not rolled forward to the next business day:
none of the sources read says it should, and an earlier date is the safe mistake here.
"""

from __future__ import annotations

import calendar
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from django.db.models import Q
from django.utils import timezone

from workflows.models import DayKind, DeadlineRule

STANDARD = "standard"
AGENCY_TARGET = "agency_target"
REMOVAL_PROCEEDINGS = "removal_proceedings"
DETENTION = "detention"
AGE_OUT_BEFORE = "age_out_before"
AGE_OUT_WINDOW = "age_out_window"

TRIGGER_LABELS: dict[str, str] = {
    STANDARD: "standard deadline",
    AGENCY_TARGET: "agency's own target",
    REMOVAL_PROCEEDINGS: "removal proceedings",
    DETENTION: "detention",
    AGE_OUT_BEFORE: "age-out (days before the birthday)",
    AGE_OUT_WINDOW: "age-out within the standard window",
}


class NoRuleError(LookupError):
    """Neither a state rule nor the policy default covers the date: the seed data is missing."""


@dataclass(frozen=True)
class Deadline:
    """A computed deadline, meant to be stored as values alongside the request."""

    due_date: date
    received_on: date
    days: int
    day_kind: str
    expedited: bool
    trigger: str
    summary: str
    law: str
    source: str
    confirmed: bool
    is_policy: bool
    rule_id: int | None

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["due_date"] = self.due_date.isoformat()
        data["received_on"] = self.received_on.isoformat()
        return data


# --- rule lookup (the only database access in this module) ---------------------------------


def rule_for(state: str, form: str, on: date) -> DeadlineRule:
    """The rule in force on ``on`` for ``state`` and ``form``, else the policy default.

    A state whose law does not cover the form (Maryland covers only the U form) has no row for
    it, so it falls through to the policy default like a state without any statute.
    """
    state = state.strip().upper()
    in_force = (Q(effective_from__isnull=True) | Q(effective_from__lte=on)) & (
        Q(effective_to__isnull=True) | Q(effective_to__gte=on)
    )
    rules = DeadlineRule.objects.filter(in_force, form=form)
    if state:
        rule = rules.filter(state=state, is_policy=False).order_by("-effective_from").first()
        if rule is not None:
            return rule
    rule = rules.filter(state="", is_policy=True).order_by("-effective_from").first()
    if rule is None:
        raise NoRuleError(f"No deadline rule or policy default for form {form} on {on}.")
    return rule


# --- day arithmetic -------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _holidays_for(state: str) -> holidays.HolidayBase:
    # One calendar per state, left to expand itself to whatever years are asked about. An
    # empty state (the policy default) counts federal holidays only.
    if state:
        return holidays.country_holidays("US", subdiv=state)
    return holidays.country_holidays("US")


def is_business_day(day: date, state: str) -> bool:
    return day.weekday() < 5 and day not in _holidays_for(state)


def add_business_days(start: date, n: int, state: str) -> date:
    """The n-th business day after ``start`` (``start`` itself is day 0 whatever it is)."""
    day = start
    counted = 0
    while counted < n:
        day += timedelta(days=1)
        if is_business_day(day, state):
            counted += 1
    return day


def add_days(start: date, n: int, day_kind: str, state: str) -> date:
    if day_kind == DayKind.BUSINESS:
        return add_business_days(start, n, state)
    return start + timedelta(days=n)


def birthday(born: date, age: int) -> date:
    """The date a person born on ``born`` turns ``age``.

    Someone born on 29 February turns a year older on 28 February in common years here: the
    earlier of the two usual readings, so an age-out deadline is never computed too late.
    """
    year = born.year + age
    if born.month == 2 and born.day == 29 and not calendar.isleap(year):
        return date(year, 2, 28)
    return born.replace(year=year)


# --- the state response clock ---------------------------------------------------------------


def compute_due(
    rule: DeadlineRule,
    *,
    received_on: date,
    removal_proceedings: bool = False,
    detained: bool = False,
    age_out_date: date | None = None,
    expedite_requested: bool = True,
    agency_target_days: int | None = None,
) -> Deadline:
    """The response deadline for a request the agency received on ``received_on``.

    Every applicable clock is computed and the earliest date wins, so an age-out that comes
    before the standard deadline pulls the deadline forward. ``age_out_date`` is the day the
    victim's child (or sibling, where the law counts siblings) reaches the law's age-out age;
    see ``birthday``. Where the law makes the victim ask for the expedite at request time and
    they did not (``expedite_requested=False``), only the standard clock applies.
    ``agency_target_days`` replaces the default target of the policy row only: where a statute
    applies, the statutory clock is what the agency is held to and what is shown.
    """
    state = rule.state
    day_kind = rule.day_kind
    if rule.is_policy and agency_target_days is not None:
        if agency_target_days < 1:
            raise ValueError("agency_target_days must be at least 1")
        days, standard_trigger = agency_target_days, AGENCY_TARGET
    else:
        days, standard_trigger = rule.days, STANDARD
    standard_due = add_days(received_on, days, day_kind, state)

    # (due date, days, day kind, trigger); the standard clock is first so it wins ties.
    candidates: list[tuple[date, int, str, str]] = [
        (standard_due, days, day_kind, standard_trigger)
    ]
    may_expedite = expedite_requested or not rule.expedite_must_be_requested
    if may_expedite:
        kind = rule.expedite_day_kind
        if removal_proceedings and rule.removal_days is not None:
            due = add_days(received_on, rule.removal_days, kind, state)
            candidates.append((due, rule.removal_days, kind, REMOVAL_PROCEEDINGS))
        if detained and rule.detention_days is not None:
            due = add_days(received_on, rule.detention_days, kind, state)
            candidates.append((due, rule.detention_days, kind, DETENTION))
        # An age-out already past at receipt cannot be helped by hurrying, so it is ignored.
        if age_out_date is not None and age_out_date > received_on:
            if rule.age_out_days_before is not None:
                # Counted back from the birthday in calendar days, as the laws phrase it. If that
                # day has already gone by at receipt, the request is due at once.
                due = max(age_out_date - timedelta(days=rule.age_out_days_before), received_on)
                candidates.append((due, (due - received_on).days, DayKind.CALENDAR, AGE_OUT_BEFORE))
            if rule.age_out_window_days is not None and age_out_date <= standard_due:
                due = add_days(received_on, rule.age_out_window_days, kind, state)
                candidates.append((due, rule.age_out_window_days, kind, AGE_OUT_WINDOW))

    due_date, n, kind_used, trigger = min(candidates, key=lambda c: c[0])
    return Deadline(
        due_date=due_date,
        received_on=received_on,
        days=n,
        day_kind=str(kind_used),
        expedited=trigger not in (STANDARD, AGENCY_TARGET),
        trigger=trigger,
        summary=describe_rule(rule, days=n, day_kind=str(kind_used), trigger=trigger),
        law=rule.law,
        source=rule.source,
        confirmed=rule.confirmed,
        is_policy=rule.is_policy,
        rule_id=rule.pk,
    )


def describe_rule(rule: DeadlineRule, *, days: int, day_kind: str, trigger: str) -> str:
    where = rule.state or "States without a statute"
    if rule.is_policy:
        # "Confirmed" would read as confirmed law; a policy default has nothing to confirm.
        kind, status = "policy, not law", "agency policy"
    else:
        kind, status = rule.law, "confirmed" if rule.confirmed else "UNCONFIRMED"
    return (
        f"{where}, form {rule.form} ({kind}): {days} {day_kind} days from receipt"
        f" ({TRIGGER_LABELS.get(trigger, trigger)}); {status}"
    )


# --- other clocks ---------------------------------------------------------------------------


def appeal_due(rule: DeadlineRule, appeal_received_on: date) -> date | None:
    """When the agency must answer an appeal of a denial, where the law sets a clock.

    Illinois (5 ILCS 825/11) gives the agency 30 business days to answer an appeal, so the clock
    starts when the appeal reaches the agency, not when the denial was issued.
    """
    if rule.appeal_days is None:
        return None
    return add_days(appeal_received_on, rule.appeal_days, rule.appeal_day_kind, rule.state)


def days_left(due_date: date, today: date) -> int:
    """Days remaining: 0 on the due date itself, negative once it has passed."""
    return (due_date - today).days


def is_overdue(due_date: date, today: date) -> bool:
    # The due date is the last day on which the agency is still on time.
    return today > due_date


def agency_today(time_zone: str) -> date:
    """Today's date in the agency's time zone; deadlines are dates there, not in UTC."""
    return timezone.now().astimezone(ZoneInfo(time_zone)).date()
