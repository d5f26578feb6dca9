"""The deadline engine: response clocks from state laws and local rules, and the other clocks
those laws set (appeal or reconsideration answers, denial letters).

``rules_for`` reads the rules in force; everything else here is a pure function of its
arguments. ``deadline_for`` returns a frozen ``Deadline`` that callers store as it is: a later
edit of a rule must never move a deadline that has already been set, so nothing downstream
recomputes from the live rule.

Which clock applies: every rule in force on the day the agency received the request that binds
an agency of its kind, in its state and (for a local rule) its city, gives a due date, and the
earliest wins; so a city ordinance can only tighten its state's clock. Equal dates go to the
higher law (a statute over a regulation, an ordinance or a directive). Where no rule gives a
clock, the agency's own published target applies, else the site's default
(settings.CERTIFY_DEFAULT_TARGET_DAYS); both are policy, not law, and are never shown as law.

Day-count convention used throughout: the day the agency receives the request is day 0, so a
30-day clock on a request received on 1 March ends on 31 March (due = received + N days). A
deadline that lands on a weekend or holiday is not rolled forward to the next business day:
none of the laws read says it should, and an earlier date is the safe mistake here. Where a
row's figures are not settled (business or calendar days, an expedite read only in a summary),
the row is marked as such and set to the reading that gives the earlier date.
"""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from typing import Any
from zoneinfo import ZoneInfo

import holidays
from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from certify.records.models import Agency, ClockBasis
from workflows.models import AUTHORITY_RANK, Authority, DayKind, DeadlineRule

STANDARD = "standard"
AGENCY_TARGET = "agency_target"
SITE_DEFAULT = "site_default"
REMOVAL_PROCEEDINGS = "removal_proceedings"
DETENTION = "detention"
AGE_OUT_BEFORE = "age_out_before"
AGE_OUT_WINDOW = "age_out_window"
AGE_OUT_URGENT = "age_out_urgent"
VICTIM_AGE_OUT = "victim_age_out"
FIRST_ENCOUNTER = "first_encounter"

AGE_OUT_TRIGGERS = frozenset({AGE_OUT_BEFORE, AGE_OUT_WINDOW, AGE_OUT_URGENT})
POLICY_TRIGGERS = frozenset({AGENCY_TARGET, SITE_DEFAULT})

# The questions the request wizard may ask, by the facts the rules use.
QUESTION_REMOVAL = "removal_proceedings"
QUESTION_DETENTION = "detained"
QUESTION_AGE_OUT = "age_out"
QUESTION_VICTIM_AGE_OUT = "parents_or_siblings"


# --- the facts of a request that the clocks depend on ----------------------------------------


@dataclass(frozen=True)
class Facts:
    """What the clocks need to know about a request, all optional but the day of receipt.

    ``age_out_date`` is the day a child of the victim turns 21 or a sibling turns 18 (the
    request names the day itself); ``victim_birth_date`` with ``parents_or_siblings`` lets a
    law that counts the victim's own 21st birthday do so.
    """

    received_on: date
    removal_proceedings: bool = False
    detained: bool = False
    age_out_date: date | None = None
    victim_birth_date: date | None = None
    parents_or_siblings: bool = False
    first_encounter_on: date | None = None
    expedite_requested: bool = True


@dataclass(frozen=True)
class Deadline:
    """A computed deadline, meant to be stored as values alongside the request."""

    due_date: date
    received_on: date
    days: int
    day_kind: str
    expedited: bool
    trigger: str
    basis: str
    law: str
    source: str
    confirmed: bool
    rule_id: int | None
    state: str = ""
    place: str = ""
    # The day the count starts: the receipt, or the first encounter (Penal Code 236.5).
    counted_from: date | None = None

    @property
    def is_policy(self) -> bool:
        return self.basis in (ClockBasis.AGENCY_TARGET, ClockBasis.SITE_DEFAULT)

    def as_json(self) -> dict[str, Any]:
        data = asdict(self)
        for key in ("due_date", "received_on", "counted_from"):
            value = data[key]
            data[key] = value.isoformat() if value else None
        data["is_policy"] = self.is_policy
        return data


# --- rule lookup (the only database access in this module) ---------------------------------


def rules_for(
    state: str, form: str, on: date, *, place: str = "", agency_kind: str = ""
) -> list[DeadlineRule]:
    """Every rule in force on ``on`` for ``form`` in ``state`` that binds an agency of
    ``agency_kind`` in ``place`` (a city). An empty kind is bound by every rule; an empty place
    is covered by statewide rules only."""
    state = state.strip().upper()
    if not state:
        return []
    in_force = (Q(effective_from__isnull=True) | Q(effective_from__lte=on)) & (
        Q(effective_to__isnull=True) | Q(effective_to__gte=on)
    )
    rows = DeadlineRule.objects.filter(in_force, form=form, state=state).order_by(
        "place", "provision", "pk"
    )
    return [rule for rule in rows if rule.binds(agency_kind) and rule.covers_place(place)]


def rules_for_agency(agency: Agency, form: str, on: date) -> list[DeadlineRule]:
    return rules_for(agency.state, form, on, place=agency.city, agency_kind=agency.kind)


# --- day arithmetic -------------------------------------------------------------------------


@lru_cache(maxsize=64)
def _holidays_for(state: str) -> holidays.HolidayBase:
    # One calendar per state, left to expand itself to whatever years are asked about. An
    # empty state counts federal holidays only.
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


# --- one rule's clock -----------------------------------------------------------------------

# (due date, days, day kind, trigger); the standard clock comes first so it wins ties.
_Candidate = tuple[date, int, str, str]


def _age_out_candidates(
    rule: DeadlineRule, facts: Facts, standard_due: date | None, turns: date, trigger: str | None
) -> list[_Candidate]:
    """The clocks an age-out on ``turns`` sets under ``rule``. ``trigger`` names them when the
    birthday is the victim's own; None uses the family member's triggers."""
    received = facts.received_on
    # An age-out already past at receipt cannot be helped by hurrying, so it is ignored.
    if turns <= received:
        return []
    # Whatever the law's figures, an answer is never due on or after the birthday itself:
    # the day before at the latest, and never before the day of receipt.
    latest = max(turns - timedelta(days=1), received)
    kind = rule.expedite_day_kind
    found: list[_Candidate] = []
    if rule.age_out_days_before is not None:
        # Counted back from the birthday in calendar days, as the laws phrase it. If that day
        # has already gone by at receipt, the request is due at once.
        due = min(max(turns - timedelta(days=rule.age_out_days_before), received), latest)
        found.append((due, (due - received).days, DayKind.CALENDAR, trigger or AGE_OUT_BEFORE))
    if rule.age_out_window_days is not None and standard_due is not None and turns <= standard_due:
        due = add_days(received, rule.age_out_window_days, kind, rule.state)
        days, name = rule.age_out_window_days, AGE_OUT_WINDOW
        if rule.age_out_urgent_days is not None and turns <= due:
            due = add_days(received, rule.age_out_urgent_days, kind, rule.state)
            days, name = rule.age_out_urgent_days, AGE_OUT_URGENT
        found.append((min(due, latest), days, kind, trigger or name))
    return found


def compute_due(
    rule: DeadlineRule,
    *,
    received_on: date,
    removal_proceedings: bool = False,
    detained: bool = False,
    age_out_date: date | None = None,
    expedite_requested: bool = True,
    victim_birth_date: date | None = None,
    parents_or_siblings: bool = False,
    first_encounter_on: date | None = None,
) -> Deadline | None:
    """The earliest due date ``rule`` sets for a request received on ``received_on``, or None
    where the rule sets no clock for it (no standard clock, and no first-encounter date).

    Every applicable clock of the rule is computed and the earliest date wins, so an age-out
    that comes before the standard deadline pulls the deadline forward. Where the law makes the
    victim ask for the expedite at request time and they did not (``expedite_requested=False``),
    only the standard clock applies.
    """
    facts = Facts(
        received_on=received_on,
        removal_proceedings=removal_proceedings,
        detained=detained,
        age_out_date=age_out_date,
        victim_birth_date=victim_birth_date,
        parents_or_siblings=parents_or_siblings,
        first_encounter_on=first_encounter_on,
        expedite_requested=expedite_requested,
    )
    return _rule_deadline(rule, facts)


def _rule_deadline(rule: DeadlineRule, facts: Facts) -> Deadline | None:
    state = rule.state
    received = facts.received_on
    candidates: list[_Candidate] = []
    standard_due = None
    if rule.days is not None:
        standard_due = add_days(received, rule.days, rule.day_kind, state)
        candidates.append((standard_due, rule.days, rule.day_kind, STANDARD))
    may_expedite = facts.expedite_requested or not rule.expedite_must_be_requested
    if may_expedite and standard_due is not None:
        kind = rule.expedite_day_kind
        if facts.removal_proceedings and rule.removal_days is not None:
            due = add_days(received, rule.removal_days, kind, state)
            candidates.append((due, rule.removal_days, kind, REMOVAL_PROCEEDINGS))
        if facts.detained and rule.detention_days is not None:
            due = add_days(received, rule.detention_days, kind, state)
            candidates.append((due, rule.detention_days, kind, DETENTION))
        if facts.age_out_date is not None and (rule.age_out_child_age or rule.age_out_sibling_age):
            candidates += _age_out_candidates(rule, facts, standard_due, facts.age_out_date, None)
        if facts.parents_or_siblings and facts.victim_birth_date and rule.age_out_victim_age:
            turns = birthday(facts.victim_birth_date, rule.age_out_victim_age)
            candidates += _age_out_candidates(rule, facts, standard_due, turns, VICTIM_AGE_OUT)
    counted_from = received
    if rule.first_encounter_days is not None and facts.first_encounter_on is not None:
        # Counted from the first encounter, which may be long before the request: if that
        # deadline has passed at receipt, the request is due at once.
        kind = rule.first_encounter_day_kind or DayKind.CALENDAR
        due = add_days(facts.first_encounter_on, rule.first_encounter_days, kind, state)
        candidates.append((max(due, received), rule.first_encounter_days, kind, FIRST_ENCOUNTER))
    if not candidates:
        return None
    due_date, n, kind_used, trigger = min(candidates, key=lambda c: c[0])
    if trigger == FIRST_ENCOUNTER and facts.first_encounter_on is not None:
        counted_from = facts.first_encounter_on
    return Deadline(
        due_date=due_date,
        received_on=received,
        days=n,
        day_kind=str(kind_used),
        expedited=trigger != STANDARD,
        trigger=trigger,
        basis=ClockBasis.LOCAL_LAW if rule.is_local else ClockBasis.STATE_LAW,
        law=rule.law,
        source=rule.source,
        confirmed=rule.confirmed,
        rule_id=rule.pk,
        state=state,
        place=rule.place,
        counted_from=counted_from,
    )


# --- the clock for a request: every rule, then policy ---------------------------------------


def default_target_days() -> int:
    days = int(getattr(settings, "CERTIFY_DEFAULT_TARGET_DAYS", 60))
    return max(days, 1)


def policy_deadline(
    received_on: date, *, agency_target_days: int | None = None, state: str = ""
) -> Deadline:
    """The clock where no law sets one: the agency's own published target, else the site's
    default. Calendar days, no expedites: a policy, not law."""
    if agency_target_days is not None:
        if agency_target_days < 1:
            raise ValueError("agency_target_days must be at least 1")
        days, basis, trigger = agency_target_days, ClockBasis.AGENCY_TARGET, AGENCY_TARGET
    else:
        days, basis, trigger = default_target_days(), ClockBasis.SITE_DEFAULT, SITE_DEFAULT
    return Deadline(
        due_date=received_on + timedelta(days=days),
        received_on=received_on,
        days=days,
        day_kind=DayKind.CALENDAR,
        expedited=False,
        trigger=trigger,
        basis=basis,
        law="",
        source="",
        confirmed=False,
        rule_id=None,
        state=state,
        counted_from=received_on,
    )


def _rank(deadline: Deadline, rules: dict[int, DeadlineRule]) -> tuple[Any, ...]:
    rule = rules[deadline.rule_id] if deadline.rule_id is not None else None
    authority = AUTHORITY_RANK.get(
        Authority(rule.authority) if rule else Authority.DIRECTIVE, len(AUTHORITY_RANK)
    )
    # The earliest date; then the higher law; then the state's law before a local one; then
    # the standard clock before an expedite of the same date.
    return (
        deadline.due_date,
        authority,
        bool(deadline.place),
        deadline.expedited,
        deadline.rule_id or 0,
    )


def strictest(rules: Iterable[DeadlineRule], facts: Facts) -> Deadline | None:
    """The earliest deadline any of ``rules`` sets, or None where none sets a clock."""
    by_id = {}
    found = []
    for rule in rules:
        deadline = _rule_deadline(rule, facts)
        if deadline is not None:
            by_id[rule.pk] = rule
            found.append(deadline)
    if not found:
        return None
    return min(found, key=lambda d: _rank(d, by_id))


def deadline_for(
    state: str,
    form: str,
    facts: Facts,
    *,
    place: str = "",
    agency_kind: str = "",
    agency_target_days: int | None = None,
) -> Deadline:
    """The response deadline for a request received on ``facts.received_on``."""
    rules = rules_for(state, form, facts.received_on, place=place, agency_kind=agency_kind)
    found = strictest(rules, facts)
    if found is not None:
        return found
    return policy_deadline(
        facts.received_on, agency_target_days=agency_target_days, state=state.upper()
    )


def deadline_for_agency(agency: Agency, form: str, facts: Facts) -> Deadline:
    return deadline_for(
        agency.state,
        form,
        facts,
        place=agency.city,
        agency_kind=agency.kind,
        agency_target_days=agency.target_days,
    )


# --- what else the laws in force ask of the agency ------------------------------------------


@dataclass(frozen=True)
class LawClock:
    """A clock a law sets besides the response clock: its figures and whose law it is."""

    days: int
    day_kind: str
    law: str
    state: str

    def due(self, start: date) -> date:
        return add_days(start, self.days, self.day_kind, self.state)

    @property
    def day_kind_label(self) -> str:
        return str(DayKind(self.day_kind).label)


@dataclass(frozen=True)
class Duties:
    """What the laws in force for one agency and form ask of it, besides the response clock."""

    rules: tuple[DeadlineRule, ...] = field(default_factory=tuple)

    @property
    def laws(self) -> list[str]:
        return list(dict.fromkeys(rule.law for rule in self.rules))

    @property
    def presumption(self) -> DeadlineRule | None:
        return next((r for r in self.rules if r.presumption_of_helpfulness), None)

    @property
    def written_denial_law(self) -> str:
        return next((r.law for r in self.rules if r.written_denial_required), "")

    @property
    def written_denial_required(self) -> bool:
        return bool(self.written_denial_law)

    def _earliest(self, days_field: str, kind_field: str) -> LawClock | None:
        clocks = [
            LawClock(
                days=getattr(rule, days_field),
                day_kind=getattr(rule, kind_field) or DayKind.CALENDAR,
                law=rule.law,
                state=rule.state,
            )
            for rule in self.rules
            if getattr(rule, days_field) is not None
        ]
        if not clocks:
            return None
        # Compared on a fixed day so business and calendar days weigh fairly.
        probe = date(2025, 1, 6)
        return min(clocks, key=lambda c: c.due(probe))

    @property
    def appeal(self) -> LawClock | None:
        """The clock for answering an appeal or a request to reconsider, where a law sets one."""
        return self._earliest("appeal_days", "appeal_day_kind")

    @property
    def denial_letter(self) -> LawClock | None:
        return self._earliest("denial_letter_days", "denial_letter_day_kind")

    @property
    def first_encounter(self) -> DeadlineRule | None:
        return next((r for r in self.rules if r.first_encounter_days is not None), None)

    @property
    def delay_notice_law(self) -> str:
        return next((r.law for r in self.rules if r.delay_notice_allowed), "")

    def uses(self) -> dict[str, list[str]]:
        """The expedite facts the rules count, each with the laws that count it."""
        uses: dict[str, list[str]] = {}

        def add(question: str, law: str) -> None:
            laws = uses.setdefault(question, [])
            if law not in laws:
                laws.append(law)

        for rule in self.rules:
            if rule.days is None:
                continue
            if rule.removal_days is not None:
                add(QUESTION_REMOVAL, rule.law)
            if rule.detention_days is not None:
                add(QUESTION_DETENTION, rule.law)
            has_age_out = (
                rule.age_out_days_before is not None or rule.age_out_window_days is not None
            )
            if has_age_out and (rule.age_out_child_age or rule.age_out_sibling_age):
                add(QUESTION_AGE_OUT, rule.law)
            if has_age_out and rule.age_out_victim_age:
                add(QUESTION_VICTIM_AGE_OUT, rule.law)
        return uses


def duties_for(
    state: str, form: str, on: date, *, place: str = "", agency_kind: str = ""
) -> Duties:
    return Duties(tuple(rules_for(state, form, on, place=place, agency_kind=agency_kind)))


def duties_for_agency(agency: Agency, form: str, on: date) -> Duties:
    return Duties(tuple(rules_for_agency(agency, form, on)))


def appeal_due(duties: Duties, appeal_received_on: date) -> date | None:
    """When the agency must answer an appeal of a denial or a request to reconsider, where a
    law sets a clock: it starts when the appeal reaches the agency (Illinois, 5 ILCS 825/11:
    30 business days; California T, Penal Code 236.5(c): one week from new evidence)."""
    clock = duties.appeal
    return clock.due(appeal_received_on) if clock is not None else None


# --- counting down --------------------------------------------------------------------------


def days_left(due_date: date, today: date) -> int:
    """Days remaining: 0 on the due date itself, negative once it has passed."""
    return (due_date - today).days


def is_overdue(due_date: date, today: date) -> bool:
    # The due date is the last day on which the agency is still on time.
    return today > due_date


def agency_today(time_zone: str) -> date:
    """Today's date in the agency's time zone; deadlines are dates there, not in UTC."""
    return timezone.now().astimezone(ZoneInfo(time_zone)).date()
