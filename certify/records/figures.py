"""Figures about requests: counts, durations and shares, computed in the database.

Definitions used by the dashboard, the statutory reports and the public statistics alike:

- *received* in a period: the agency's receipt date (`received_on`, already a date in the
  agency's time zone) falls in it. Requests never received (drafts, or still in transit) are
  left out of every figure.
- *decided* in a period: the date of the latest decision (`decided_at`, read in the agency's
  time zone) falls in it. A decision is a certification or a denial; a certification the agency
  later withdrew still counts as certified, and a denial now under reconsideration still counts
  as denied: the decision was made and sent. So certified + denied = decided.
- *withdrawn* in a period: the request was withdrawn by the requester on a day in the period
  (the date of the "withdraw" event).
- *appealed* in a period: reconsideration was asked on a day in the period.
- *on time*: decided on or before the due date, both dates in the agency's time zone; requests
  with no due date are left out of the share.
- *days to decision*: decision date minus receipt date, in calendar days.
- *pending*: received, neither decided nor withdrawn (as of now).

Everything is read with `.values()`: model instances would decrypt the victim's fields for
nothing. Each function issues a fixed number of queries whatever the amount of data.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import TYPE_CHECKING, Any, TypeAlias, TypedDict, cast
from zoneinfo import ZoneInfo

from django.db import connection
from django.db.models import (
    Aggregate,
    Count,
    DateField,
    Exists,
    Expression,
    F,
    FloatField,
    Func,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Q,
    QuerySet,
    Value,
)
from django.db.models.functions import ExtractYear, TruncMonth
from django.db.models.lookups import Exact
from django.utils import timezone

from certify.records.models import (
    OPEN_STATUSES,
    Agency,
    CertificationRequest,
    CertifyingOfficial,
    RequestEvent,
)

if TYPE_CHECKING:
    from django.db.backends.base.base import BaseDatabaseWrapper
    from django.db.models.sql.compiler import SQLCompiler
    from django_stubs_ext import WithAnnotations


class LocalDates(TypedDict):
    """What `with_local_dates` adds to each request (None while it is undecided)."""

    decided_on: date | None
    days: int | None


# Received requests carrying `decided_on` and `days`. django-stubs 6.1 checks a `__range`
# lookup on an annotation against the annotation's own type (it knows `__in`, not `__range`),
# so the few `.filter(<annotation>__range=...)` calls below carry a type: ignore.
DatedRequests: TypeAlias = "QuerySet[WithAnnotations[CertificationRequest, LocalDates]]"
# A row of `.values()`: column or annotation name to the value the database gave back.
ValuesRow: TypeAlias = dict[str, Any]
# SQL text and its parameters, as an expression compiles.
Sql: TypeAlias = tuple[str, tuple[str | int, ...]]

Status = CertificationRequest.Status
FORMS = (CertificationRequest.Form.U, CertificationRequest.Form.T)
CERTIFIED_STATUSES = (Status.CERTIFIED, Status.CERT_WITHDRAWN)
DENIED_STATUSES = (Status.DENIED, Status.RECONSIDERATION)

# Public figures: a count from 1 to 4 could point at a person in a small agency.
SUPPRESS_BELOW = 5

# Backlog buckets, in days since receipt: (lower bound, upper bound or None).
BACKLOG_BUCKETS: tuple[tuple[int, int | None], ...] = (
    (0, 30),
    (31, 60),
    (61, 90),
    (91, 180),
    (181, None),
)
OVERDUE_LIST_LIMIT = 50


# --- database functions ---------------------------------------------------------------------


class LocalDate(Func):
    """The calendar date of a timestamp in a time zone given by an expression (a column, so
    each agency's own zone applies in one query)."""

    output_field = DateField()
    arity = 2

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> Sql:
        raise NotImplementedError(f"LocalDate is not written for {connection.vendor}")

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> Sql:
        return super().as_sql(
            compiler,
            connection,
            template="((%(expressions)s)::date)",
            arg_joiner=" AT TIME ZONE ",
            **extra,
        )

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> Sql:
        # Django's own SQLite function for tz-aware date casts; it takes the zone as an
        # argument, so a column works as well as a constant.
        timestamp, zone = self.get_source_expressions()
        ts_sql, ts_params = compiler.compile(timestamp)
        tz_sql, tz_params = compiler.compile(zone)
        return (
            f"django_datetime_cast_date({ts_sql}, {tz_sql}, %s)",
            (*ts_params, *tz_params, connection.timezone_name),
        )


class DaysBetween(Func):
    """`later - earlier` in whole days, for two date expressions."""

    output_field = IntegerField()
    arity = 2

    def as_sql(
        self,
        compiler: SQLCompiler,
        connection: BaseDatabaseWrapper,
        function: str | None = None,
        template: str | None = None,
        arg_joiner: str | None = None,
        **extra_context: Any,
    ) -> Sql:
        raise NotImplementedError(f"DaysBetween is not written for {connection.vendor}")

    def as_postgresql(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> Sql:
        # date - date is an integer number of days in PostgreSQL.
        return super().as_sql(compiler, connection, template="(%(expressions)s)", arg_joiner=" - ")

    def as_sqlite(
        self, compiler: SQLCompiler, connection: BaseDatabaseWrapper, **extra: Any
    ) -> Sql:
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
        )


class PercentileCont(Aggregate):
    """PostgreSQL's ordered-set aggregate; `fraction` is a constant from our own code."""

    function = "percentile_cont"
    template = "%(function)s(%(fraction)s) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()

    def __init__(self, expression: str | Expression, fraction: float, **extra: Any) -> None:
        if not 0 <= fraction <= 1:
            raise ValueError("fraction must be between 0 and 1")
        super().__init__(expression, fraction=repr(float(fraction)), **extra)


def percentile_cont(values: Sequence[float], fraction: float) -> float | None:
    """The same continuous percentile as PostgreSQL's percentile_cont (linear interpolation
    between the closest ranks), so both databases give the same figure."""
    if not values:
        return None
    ordered = sorted(values)
    position = fraction * (len(ordered) - 1)
    lower = math.floor(position)
    upper = min(lower + 1, len(ordered) - 1)
    return ordered[lower] + (ordered[upper] - ordered[lower]) * (position - lower)


def database_has_percentiles() -> bool:
    return connection.vendor == "postgresql"


# --- periods ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Period:
    """Both ends included, dates in each agency's own time zone."""

    start: date
    end: date

    def __post_init__(self) -> None:
        if self.start > self.end:
            raise ValueError("a period cannot end before it starts")

    @classmethod
    def calendar_year(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31))

    @classmethod
    def fiscal_year_july(cls, year: int) -> Period:
        """A July-June fiscal year named by the year it ends in: FY2026 = 2025-07-01..2026-06-30."""
        return cls(date(year - 1, 7, 1), date(year, 6, 30))

    def months(self) -> list[date]:
        first = self.start.replace(day=1)
        months = []
        while first <= self.end:
            months.append(first)
            first = (first + timedelta(days=32)).replace(day=1)
        return months


def local_today(tz: ZoneInfo) -> date:
    return timezone.now().astimezone(tz).date()


def _tz_expression(time_zone: str | None, path: str = "agency__time_zone") -> Value | F:
    return Value(time_zone) if time_zone else F(path)


def received_requests(**filters: Any) -> QuerySet[CertificationRequest]:
    """Requests an agency has received: the population every figure is drawn from."""
    return CertificationRequest.objects.filter(
        agency__isnull=False, received_on__isnull=False, **filters
    )


def with_local_dates(
    qs: QuerySet[CertificationRequest], time_zone: str | None = None
) -> DatedRequests:
    """Adds `decided_on` (decision date in the agency's zone) and `days` (days to decision).

    `time_zone` names one agency's zone; without it each row uses its own agency's zone."""
    dated = qs.annotate(
        decided_on=LocalDate("decided_at", _tz_expression(time_zone)),
        days=DaysBetween(F("decided_on"), F("received_on")),
    )
    # django-stubs types an annotation by its output field and never as null; both are null
    # while a request is undecided.
    return cast("DatedRequests", dated)


AGENCY_TZ_OF_EVENT = "request__agency__time_zone"


def _on_a_day_in(field: str, period: Period, time_zone: str | None, local_date: str) -> Q:
    """`field`, a timestamp, falls on a day of `period`. With one agency's `time_zone` this is
    a range of the stored timestamps, from the period's first midnight there to the midnight
    after it ends: no conversion of each row's timestamp. Across agencies, each row's own date
    (`local_date`, an annotation or expression giving it) is compared."""
    if time_zone:
        start, end = _bounds(period, ZoneInfo(time_zone))
        return Q(**{f"{field}__gte": start, f"{field}__lt": end})
    return Q(**{f"{local_date}__range": (period.start, period.end)})


def decided_in(period: Period, time_zone: str | None = None) -> Q:
    """Decided on a day of `period`, for a queryset prepared by `with_local_dates` with the
    same `time_zone`."""
    return _on_a_day_in("decided_at", period, time_zone, "decided_on")


def _event_on(kind: str, period: Period, time_zone: str | None) -> Exists:
    events = RequestEvent.objects.filter(request=OuterRef("pk"), kind=kind)
    if not time_zone:
        events = events.annotate(on=LocalDate("created_at", F(AGENCY_TZ_OF_EVENT)))
    return Exists(events.filter(_on_a_day_in("created_at", period, time_zone, "on")))


# --- counts over a period ---------------------------------------------------------------------

SPLIT_BY_FORM = ("received", "decided", "certified", "denied", "withdrawn", "appealed", "pending")


def period_count_expressions(period: Period, time_zone: str | None = None) -> dict[str, Count]:
    """Conditional counts for one period, for a queryset prepared by `with_local_dates`.

    Callers group by form and merge the rows with `merge_forms`: grouping is cheaper than a
    third copy of every count, and Django compiles each conditional count separately."""
    received = Q(received_on__range=(period.start, period.end))
    decided = decided_in(period, time_zone)
    with_due = decided & Q(due_date__isnull=False)
    conditions = {
        "received": received,
        "decided": decided,
        "certified": decided & Q(status__in=CERTIFIED_STATUSES),
        "denied": decided & Q(status__in=DENIED_STATUSES),
        # The column first: PostgreSQL evaluates a FILTER's conditions in order, so only the
        # requests that can have the event look for it (a probe for each of an agency's 10,000
        # requests otherwise). Reconsideration is asked of a denial, and a decision's time
        # is never cleared.
        "withdrawn": Q(status=Status.WITHDRAWN) & Q(_event_on("withdraw", period, time_zone)),
        "appealed": Q(decided_at__isnull=False)
        & Q(_event_on("ask_reconsideration", period, time_zone)),
        "pending": received & Q(decided_at__isnull=True, status__in=OPEN_STATUSES),
        "decided_with_due": with_due,
        "on_time": with_due & Q(decided_on__lte=F("due_date")),
        "late": with_due & Q(decided_on__gt=F("due_date")),
    }
    return {name: Count("pk", filter=condition) for name, condition in conditions.items()}


def merge_forms(rows: Iterable[Mapping[str, Any]], names: Iterable[str]) -> dict[str, int]:
    """Rows grouped by form -> totals, plus `<name>_u` and `<name>_t` for SPLIT_BY_FORM."""
    merged = {name: 0 for name in names}
    merged.update({f"{name}_{f.lower()}": 0 for name in SPLIT_BY_FORM for f in FORMS})
    for row in rows:
        for name in names:
            merged[name] += row[name]
            if name in SPLIT_BY_FORM:
                merged[f"{name}_{row['form'].lower()}"] += row[name]
    return merged


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


# --- the lead's dashboard ---------------------------------------------------------------------


@dataclass
class MonthRow:
    month: date
    received: int
    decided: int


@dataclass
class BacklogBucket:
    low: int
    high: int | None
    count: int


@dataclass
class OfficialLoad:
    name: str
    title: str
    active: bool
    open: int
    decided: int


class OverdueRow(TypedDict):
    """A line of the dashboard's overdue list: the assignee's name, never the victim's."""

    reference: str
    form: str
    status: str
    received_on: date | None
    due_date: date
    expedited: bool
    # None when nobody is assigned.
    assigned_official__title: str | None
    days_overdue: int
    assignee: str


@dataclass
class Dashboard:
    agency: Agency
    period: Period
    form: str
    today: date
    totals: dict[str, int]
    median_days: float | None
    p90_days: float | None
    months: list[MonthRow]
    backlog: list[BacklogBucket]
    open_total: int
    overdue_total: int
    overdue: list[OverdueRow] = field(default_factory=list)
    officials: list[OfficialLoad] = field(default_factory=list)

    @property
    def share_on_time(self) -> float | None:
        return share(self.totals["on_time"], self.totals["decided_with_due"])


def days_percentiles(qs: DatedRequests, fractions: tuple[float, ...]) -> list[float | None]:
    """Percentiles of `days` over `qs` (prepared by `with_local_dates`), in one query."""
    decided = qs.filter(decided_at__isnull=False)
    if database_has_percentiles():
        names = [f"p{i}" for i in range(len(fractions))]
        result = decided.aggregate(
            **{name: PercentileCont("days", f) for name, f in zip(names, fractions, strict=True)}
        )
        return [result[name] for name in names]
    # SQLite has no percentile function: one agency's durations are few enough to fetch.
    # (A decided request always has its days; the `is not None` is for the type checker.)
    values = [days for days in decided.values_list("days", flat=True) if days is not None]
    return [percentile_cont(values, f) for f in fractions]


def dashboard(agency: Agency, period: Period, form: str = "") -> Dashboard:
    """Every figure on the lead's dashboard, in eight queries whatever the data."""
    tz = agency.time_zone
    today = local_today(agency.tz)
    base = received_requests(agency=agency)
    if form:
        base = base.filter(form=form)
    base = with_local_dates(base, tz)

    # Open: in the agency's queue, a request under reconsideration included. Overdue: open and
    # undecided past its due date; a reconsideration's clock is not the first due date.
    is_open = Q(status__in=OPEN_STATUSES)
    is_overdue = is_open & Q(decided_at__isnull=True, due_date__lt=today)
    backlog_counts = {}
    for low, high in BACKLOG_BUCKETS:
        age = Q(received_on__lte=today - timedelta(days=low))
        if high is not None:
            age &= Q(received_on__gte=today - timedelta(days=high))
        backlog_counts[f"backlog_{low}"] = Count("pk", filter=is_open & age)

    # 1: every count, the backlog and the overdue total in a single pass, one row per form.
    counts = {
        **period_count_expressions(period, tz),
        **backlog_counts,
        "open_total": Count("pk", filter=is_open),
        "overdue_total": Count("pk", filter=is_overdue),
    }
    totals = merge_forms(list(base.values("form").annotate(**counts).order_by()), counts)
    # 2: percentiles of days to decision for decisions in the period.
    median, p90 = days_percentiles(
        base.filter(decided_in(period, tz)),
        (0.5, 0.9),
    )
    # 3 and 4: per month, received and decided.
    received_by_month = dict(
        base.filter(received_on__range=(period.start, period.end))
        .annotate(month=TruncMonth("received_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    decided_by_month = dict(
        base.filter(decided_in(period, tz))
        .annotate(month=TruncMonth("decided_on"))
        .values_list("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    months = [
        MonthRow(
            month=month,
            received=_by_month(received_by_month, month),
            decided=_by_month(decided_by_month, month),
        )
        for month in period.months()
    ]
    # 5: the overdue list: references, dates and the assignee, never the victim.
    overdue: list[OverdueRow] = []
    for row in (
        base.filter(is_overdue)
        .order_by("due_date", "pk")
        .values(
            "reference",
            "form",
            "status",
            "received_on",
            "due_date",
            "expedited",
            "assigned_official__title",
            "assigned_official__user__first_name",
            "assigned_official__user__last_name",
            "assigned_official__user__email",
        )[:OVERDUE_LIST_LIMIT]
    ):
        due_date = row["due_date"]
        assert due_date is not None  # is_overdue: only requests past a due date
        overdue.append(
            OverdueRow(
                reference=row["reference"],
                form=row["form"],
                status=row["status"],
                received_on=row["received_on"],
                due_date=due_date,
                expedited=row["expedited"],
                assigned_official__title=row["assigned_official__title"],
                days_overdue=(today - due_date).days,
                assignee=_person(
                    row["assigned_official__user__first_name"],
                    row["assigned_official__user__last_name"],
                    row["assigned_official__user__email"],
                ),
            )
        )
    # 6: load per official: open requests assigned now, decisions in the period.
    assigned = Q(assigned_requests__received_on__isnull=False)
    if form:
        assigned &= Q(assigned_requests__form=form)
    start, end = _bounds(period, agency.tz)
    officials = [
        OfficialLoad(
            name=_person(row["user__first_name"], row["user__last_name"], row["user__email"]),
            title=row["title"],
            active=row["active"],
            open=row["open"],
            decided=row["decided"],
        )
        for row in CertifyingOfficial.objects.filter(agency=agency)
        .annotate(
            open=Count(
                "assigned_requests",
                filter=assigned & Q(assigned_requests__status__in=OPEN_STATUSES),
            ),
            decided=Count(
                "assigned_requests",
                filter=assigned
                & Q(assigned_requests__decided_at__gte=start)
                & Q(assigned_requests__decided_at__lt=end),
            ),
        )
        .filter(Q(active=True) | Q(open__gt=0) | Q(decided__gt=0))
        .order_by("-open", "user__last_name", "user__email")
        .values("title", "active", "open", "decided", "user__first_name", "user__last_name",
                "user__email")
    ]  # fmt: skip
    backlog = [
        BacklogBucket(low, high, totals.pop(f"backlog_{low}")) for low, high in BACKLOG_BUCKETS
    ]
    return Dashboard(
        agency=agency,
        period=period,
        form=form,
        today=today,
        totals=totals,
        median_days=median,
        p90_days=p90,
        months=months,
        backlog=backlog,
        open_total=totals.pop("open_total"),
        overdue_total=totals.pop("overdue_total"),
        overdue=overdue,
        officials=officials,
    )


def _by_month(counts: Mapping[date, int], month: date) -> int:
    # TruncMonth on a DateField gives dates on PostgreSQL and SQLite alike, but be tolerant of
    # a datetime from a backend that returns one.
    return counts.get(month, 0) or counts.get(datetime.combine(month, time.min), 0)


def _bounds(period: Period, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """The period as [start, end) aware datetimes in one agency's zone."""
    return (
        datetime.combine(period.start, time.min, tzinfo=tz),
        datetime.combine(period.end + timedelta(days=1), time.min, tzinfo=tz),
    )


def _person(first: str | None, last: str | None, email: str | None) -> str:
    return " ".join(p for p in (first, last) if p) or (email or "")


# --- grouped counts for statutory reports -----------------------------------------------------


def _ids_and_zone(agencies: Sequence[Agency]) -> tuple[list[int], str | None]:
    """The agencies' ids, and the time zone they share, if they share one: a period's days
    are then a range of the stored timestamps (most reports are of one state's agencies)."""
    zones = {agency.time_zone for agency in agencies}
    return [agency.pk for agency in agencies], zones.pop() if len(zones) == 1 else None


def counts_by_agency(period: Period, agencies: Sequence[Agency]) -> dict[int, dict[str, int]]:
    """Period counts per agency id, in one query; agencies without a received request are
    absent."""
    agency_ids, tz = _ids_and_zone(agencies)
    counts = period_count_expressions(period, tz)
    rows: dict[int, list[Mapping[str, Any]]] = {}
    for row in (
        with_local_dates(received_requests(agency_id__in=agency_ids), tz)
        .values("agency_id", "form")
        .annotate(**counts)
        .order_by()
    ):
        rows.setdefault(row["agency_id"], []).append(row)
    return {agency_id: merge_forms(group, counts) for agency_id, group in rows.items()}


def denial_reasons_by_agency(
    period: Period, agencies: Sequence[Agency]
) -> dict[int, dict[str, int]]:
    """Denials decided in the period, per agency and reason code ("" where none was coded), in
    one query. Only the code is read: the written reasons are encrypted and stay out of reports."""
    agency_ids, tz = _ids_and_zone(agencies)
    found: dict[int, dict[str, int]] = {}
    for row in (
        with_local_dates(received_requests(agency_id__in=agency_ids), tz)
        .filter(decided_in(period, tz), status__in=DENIED_STATUSES)
        .values("agency_id", "denial_reason")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        found.setdefault(row["agency_id"], {})[row["denial_reason"]] = row["n"]
    return found


class RequestDates(TypedDict):
    agency_id: int
    form: str
    status: str
    received_on: date | None
    decided_on: date | None


def request_dates(period: Period, agencies: Sequence[Agency]) -> list[RequestDates]:
    """Per request received or decided in the period: receipt date, decision date, outcome.

    No reference and no personal data: the caller numbers the rows itself."""
    agency_ids, tz = _ids_and_zone(agencies)
    return list(
        with_local_dates(received_requests(agency_id__in=agency_ids), tz)
        .filter(Q(received_on__range=(period.start, period.end)) | decided_in(period, tz))
        .order_by("agency_id", "received_on", "pk")
        .values("agency_id", "form", "status", "received_on", "decided_on")
    )


# --- yearly figures for the public page -------------------------------------------------------


YEARLY_COUNTS = ("received", "decided", "certified", "denied", "pending", "decided_with_due",
                 "on_time")  # fmt: skip


def years_received() -> list[int]:
    """The years from the first in which an agency received a request to the last, the latest
    first (both ends read from the index `req_year_agency`)."""
    ends = received_requests().aggregate(
        first=Min(ExtractYear("received_on")), last=Max(ExtractYear("received_on"))
    )
    if ends["first"] is None:
        return []
    return list(range(ends["last"], ends["first"] - 1, -1))


def yearly_figures(year: int | None = None) -> dict[str, list[ValuesRow]]:
    """Per agency and per state, by year of receipt: the public statistics, for one year or
    (without `year`) for every year.

    Here a request counts in the year the agency received it (a cohort), so every request is in
    exactly one year and the columns describe what became of that year's requests. A year's
    rows are the same whether read alone or with the others.

    One pass over the requests, grouped by year and agency. A state's counts are the sums of
    its agencies'; its median is not, so the pass also brings each group's days to decision
    (an array per group on PostgreSQL) and both levels' medians are taken from them here, with
    the same interpolation as PostgreSQL's percentile_cont.
    """
    decided = Q(decided_at__isnull=False)
    with_due = decided & Q(due_date__isnull=False)
    qs = with_local_dates(received_requests()).annotate(year=ExtractYear("received_on"))
    if year is not None:
        # `year = 2025` on the expression itself, which PostgreSQL finds at the head of the
        # index `req_year_agency` and reads only that year's part of; `year=2025` would be
        # Django's range of dates, which this index cannot narrow.
        qs = qs.filter(Exact(F("year"), year))
    # Counted on `received_on`, never null here, rather than the primary key: every column
    # this query reads is then in the index `req_year_agency`, which PostgreSQL reads alone.
    rows = "received_on"
    aggregates: dict[str, Aggregate] = {
        "received": Count(rows),
        "decided": Count(rows, filter=decided),
        "certified": Count(rows, filter=decided & Q(status__in=CERTIFIED_STATUSES)),
        "denied": Count(rows, filter=decided & Q(status__in=DENIED_STATUSES)),
        "pending": Count(rows, filter=Q(decided_at__isnull=True, status__in=OPEN_STATUSES)),
        "decided_with_due": Count(rows, filter=with_due),
        "on_time": Count(rows, filter=with_due & Q(decided_on__lte=F("due_date"))),
    }
    arrays = connection.vendor == "postgresql"
    if arrays:
        from django.contrib.postgres.aggregates import ArrayAgg

        aggregates["days"] = ArrayAgg("days", filter=decided, default=[])
    # Grouped by the narrow keys only: grouping by the agency's name and slug too made
    # PostgreSQL sort 100,000 wide rows on disk.
    agency_rows: list[ValuesRow] = [
        dict(row)
        for row in qs.values("year", "agency_id")
        .annotate(**aggregates)
        .order_by("year", "agency_id")
    ]
    if not arrays:
        days_of: dict[tuple[int, int], list[int]] = {}
        # Decided requests only, so `days` is never null.
        for agency_id, year, days in qs.filter(decided).values_list("agency_id", "year", "days"):
            days_of.setdefault((agency_id, year), []).append(cast(int, days))
        for row in agency_rows:
            row["days"] = days_of.get((row["agency_id"], row["year"]), [])
    agencies = {
        agency["id"]: agency
        for agency in Agency.objects.filter(
            pk__in={row["agency_id"] for row in agency_rows}
        ).values("id", "name", "slug", "state")
    }
    state_rows: dict[tuple[str, int], dict[str, Any]] = {}
    for row in agency_rows:
        agency = agencies[row["agency_id"]]
        row.update(
            agency__name=agency["name"], agency__slug=agency["slug"], agency__state=agency["state"]
        )
        total = state_rows.setdefault(
            (agency["state"], row["year"]),
            {"agency__state": agency["state"], "year": row["year"], "days": []}
            | dict.fromkeys(YEARLY_COUNTS, 0),
        )
        for name in YEARLY_COUNTS:
            total[name] += row[name]
        total["days"].extend(row["days"])
    by_state = [state_rows[key] for key in sorted(state_rows)]
    for row in (*agency_rows, *by_state):
        row["median_days"] = percentile_cont(row.pop("days"), 0.5)
    return {"agency": agency_rows, "state": by_state}


@dataclass(frozen=True)
class Shown:
    """A public figure as shown: the value, or why it is not shown."""

    value: int | float | None
    # A count from 1 to 4 (primary suppression). A count hidden only so that a small one
    # cannot be worked out from it (secondary suppression) has no value and is not `suppressed`.
    suppressed: bool = False

    @property
    def hidden(self) -> bool:
        return self.value is None


def _small(count: int) -> bool:
    return 0 < count < SUPPRESS_BELOW


def public_row(row: Mapping[str, Any]) -> dict[str, Any]:
    """Applies the suppression rule to one row of `yearly_figures`.

    Counts from 1 to 4 are replaced by "fewer than 5". A figure derived from a small count is
    hidden too: the median when fewer than 5 decisions, the on-time share when the decisions
    with a due date, those on time or those late number 1 to 4 (a share of a known total would
    give the small count back)."""
    shown = dict(row)
    for name in ("received", "certified", "denied", "pending"):
        count = row[name]
        shown[name] = Shown(None, suppressed=True) if _small(count) else Shown(count)
    median = row.get("median_days")
    shown["median_days"] = Shown(
        None if median is None or row["decided"] < SUPPRESS_BELOW else median
    )
    late = row["decided_with_due"] - row["on_time"]
    hide_share = row["decided_with_due"] < SUPPRESS_BELOW or _small(row["on_time"]) or _small(late)
    shown["share_on_time"] = Shown(
        None if hide_share else share(row["on_time"], row["decided_with_due"])
    )
    return shown


# --- secondary suppression ----------------------------------------------------------------------

COUNT_COLUMNS = ("received", "certified", "denied", "pending")
# A row's parts: each request received is at most one of them (withdrawn ones are in none), so
# received >= certified + denied + pending, which bounds a hidden part by the shown ones.
PART_COLUMNS = ("certified", "denied", "pending")
WITHHELD = Shown(None)


def protect(state_rows: list[dict[str, Any]], agency_rows: list[dict[str, Any]]) -> None:
    """Secondary suppression over rows of `public_row`, in place, so that no hidden count of 1
    to 4 can be worked out from the published ones.

    The published figures obey two relations: within a row, received >= the sum of its parts;
    down a column, a state's count is the sum of its agencies' in the same year. Two rules
    cut both:
    - a row with a hidden part hides its received count too, so the parts have no known bound;
    - a column with a hidden agency count hides the state's count too, so "the state minus the
      other agencies" cannot be taken.
    A state count is then never derivable either: every hidden one has a hidden agency count
    under it (a small state count has only small or zero agency counts)."""
    states = {(row["agency__state"], row["year"]): row for row in state_rows}
    # In this order one pass is enough: agency rows first (nothing later changes them), then
    # the state counts above them, then the state rows themselves.
    for row in agency_rows:
        _withhold_received_beside_hidden_parts(row)
    for row in agency_rows:
        state = states.get((row["agency__state"], row["year"]))
        if state is None:
            continue
        for name in COUNT_COLUMNS:
            if row[name].hidden and not state[name].hidden:
                state[name] = WITHHELD
    for row in state_rows:
        _withhold_received_beside_hidden_parts(row)


def _withhold_received_beside_hidden_parts(row: dict[str, Any]) -> None:
    if not row["received"].hidden and any(row[name].hidden for name in PART_COLUMNS):
        row["received"] = WITHHELD
