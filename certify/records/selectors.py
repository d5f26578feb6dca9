"""Access-checked reads: the only way pages reach a request's personal data.

Each fetches and checks in one step and answers a missing object and a forbidden one the same
way (404), so references cannot be probed. Every read writes its audit entry."""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any, Literal, TypedDict
from zoneinfo import ZoneInfo

from django.db.models import Case, Count, F, IntegerField, Q, QuerySet, Value, When
from django.http import Http404, HttpRequest
from django.utils import timezone

from certify.records import audit, crypto, documents, policy
from certify.records.actors import Visitor
from certify.records.fields import encrypted_fields
from certify.records.models import (
    OPEN_STATUSES,
    Agency,
    AgencyMembership,
    AuditEntry,
    CertificationRequest,
    CertifyingOfficial,
    Organisation,
    SupportingDocument,
    User,
)


def access_request(
    *, actor: Visitor, reference: str, http_request: HttpRequest | None = None
) -> CertificationRequest:
    """Fetch a request for display: checks access, then writes the audit entry."""
    try:
        certification_request = CertificationRequest.objects.select_related(
            "agency", "organisation", "assigned_official__user"
        ).get(reference=reference)
    except CertificationRequest.DoesNotExist:
        raise Http404 from None
    if not actor.has_perm("certify.view_request", certification_request):
        # 404, not 403: a reference that exists must not be told apart from one that doesn't.
        raise Http404
    audit.record(
        actor=actor,
        action=AuditEntry.Action.VIEW,
        obj=certification_request,
        request_reference=certification_request.reference,
        http_request=http_request,
    )
    return certification_request


def access_document(
    *, actor: Visitor, reference: str, document_id: int, http_request: HttpRequest | None = None
) -> tuple[SupportingDocument, bytes]:
    try:
        document = SupportingDocument.objects.select_related("request").get(
            pk=document_id, request__reference=reference
        )
    except SupportingDocument.DoesNotExist:
        raise Http404 from None
    if not actor.has_perm("certify.download_document", document.request):
        raise Http404
    content = documents.read_content(document)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.DOWNLOAD,
        obj=document,
        request_reference=document.request.reference,
        http_request=http_request,
    )
    return document, content


# --- the agency queue -----------------------------------------------------------------------


@dataclass(frozen=True)
class QueueFilters:
    """What the queue page was asked to show; an empty value filters nothing."""

    # One status, or "" for every open one.
    status: str = ""
    # "me", "none" (not assigned yet), a certifying official's id, or "" for anyone.
    assignee: Literal["", "me", "none"] | int = ""
    # "U", "T", or "" for both.
    form: str = ""
    expedited: bool = False
    # A reference, or a client's full name, A-number or case number (see search_requests).
    search: str = ""


class QueueCounts(TypedDict):
    """The agency's open requests, counted whatever the filters."""

    open: int
    unassigned: int
    expedited: int
    mine: int
    overdue: int


@dataclass(frozen=True)
class Queue:
    # The filtered requests: the person's own first, then by due date.
    requests: QuerySet[CertificationRequest]
    counts: QueueCounts
    # Whether the person routes requests (coordinator or lead) at one of the queue's agencies.
    can_assign: bool


def queue_officials(*, user: User) -> QuerySet[CertifyingOfficial]:
    """The active certifying officials of the agencies whose queue `user` works."""
    return (
        CertifyingOfficial.objects.filter(agency_id__in=policy.staff_agency_ids(user), active=True)
        .select_related("user", "agency")
        .order_by("user__last_name")
    )


def _overdue(agency_ids: set[int]) -> Q:
    """Past the due date, where "today" is the date in each agency's own time zone. Only a
    running response clock can be overdue: not one stopped by a delay notice, nor one whose
    decision is now under reconsideration."""
    zones = Agency.objects.filter(pk__in=agency_ids).values_list("time_zone", flat=True)
    late = Q()
    for zone in set(zones):
        today = timezone.localdate(timezone=ZoneInfo(zone))
        late |= Q(agency__time_zone=zone, due_date__lt=today)
    return (
        late
        & Q(delay_notice_on__isnull=True)
        & ~Q(status=CertificationRequest.Status.RECONSIDERATION)
    )


def queue_for(*, user: User, filters: QueueFilters | None = None) -> Queue:
    """The requests of the agencies where `user` works, narrowed by `filters`, and the counts
    of their open requests. Only requests the policy lets `user` see are included."""
    filters = filters or QueueFilters()
    agency_ids = policy.staff_agency_ids(user)
    base = policy.visible_requests(user).filter(agency_id__in=agency_ids)
    requests = base
    if filters.status:
        requests = requests.filter(status=filters.status)
    else:
        requests = requests.filter(status__in=OPEN_STATUSES)
    if filters.assignee == "me":
        requests = requests.filter(assigned_official__user=user)
    elif filters.assignee == "none":
        requests = requests.filter(assigned_official__isnull=True)
    elif filters.assignee:
        requests = requests.filter(assigned_official_id=filters.assignee)
    if filters.form:
        requests = requests.filter(form=filters.form)
    if filters.expedited:
        requests = requests.filter(expedited=True)
    requests = search_requests(requests, filters.search)
    requests = (
        listing_columns(requests.select_related("agency", "assigned_official__user"))
        # An official's own requests first, then everyone's by due date: theirs is the work.
        .annotate(
            mine=Case(
                When(assigned_official__user=user, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("mine", *DUE_ORDER)
    )
    found = (
        base.filter(status__in=OPEN_STATUSES).aggregate(
            open=Count("id"),
            unassigned=Count("id", filter=Q(assigned_official__isnull=True)),
            expedited=Count("id", filter=Q(expedited=True)),
            mine=Count("id", filter=Q(assigned_official__user=user)),
            overdue=Count("id", filter=_overdue(agency_ids)),
        )
        if agency_ids
        else {}
    )
    counts = QueueCounts(
        open=found.get("open", 0),
        unassigned=found.get("unassigned", 0),
        expedited=found.get("expedited", 0),
        mine=found.get("mine", 0),
        overdue=found.get("overdue", 0),
    )
    routing = AgencyMembership.Role.COORDINATOR, AgencyMembership.Role.LEAD
    can_assign = bool(policy.staff_agency_ids(user, roles=routing) & agency_ids)
    return Queue(requests=requests, counts=counts, can_assign=can_assign)


# --- lists at volume: pages by due date ------------------------------------------------------

PAGE_SIZE = 50
# Lists read by due date (requests without one last), the id breaking ties: the key of a page.
DUE_ORDER = (F("due_date").asc(nulls_last=True), "id")


@dataclass(frozen=True)
class Page:
    rows: list[CertificationRequest]
    # The `after` value of the next page, or "" on the last one.
    next_after: str


def listing_columns(
    requests: QuerySet[CertificationRequest], *, keep: tuple[str, ...] = ()
) -> QuerySet[CertificationRequest]:
    """Leave every encrypted column unread (and undecrypted) but those in `keep`."""
    return requests.defer(
        *(f.name for f in encrypted_fields(CertificationRequest) if f.name not in keep)
    )


def _parse_after(after: str, lead: str | None) -> tuple[int | None, date | None, int] | None:
    """("mine".)"due date or -"."id", as `_after_token` writes it; anything else: page one."""
    parts = after.split(".")
    try:
        mine = int(parts.pop(0)) if lead else None
        due_text, pk_text = parts
        due = None if due_text == "-" else date.fromisoformat(due_text)
        return mine, due, int(pk_text)
    except (ValueError, IndexError):
        return None


def _after_token(row: CertificationRequest, lead: str | None) -> str:
    due = row.due_date.isoformat() if row.due_date else "-"
    prefix = f"{getattr(row, lead)}." if lead else ""
    return f"{prefix}{due}.{row.pk}"


def due_page(
    requests: QuerySet[CertificationRequest],
    *,
    after: str = "",
    size: int = PAGE_SIZE,
    lead: str | None = None,
) -> Page:
    """One page of `requests` (already ordered by `lead`, then DUE_ORDER) after the key
    `after`: a keyset page, so the 60th page costs what the first does. `lead` names an
    integer annotation sorted before the due date (the queue's "mine")."""
    key = _parse_after(after, lead) if after else None
    if key is not None:
        mine, due, pk = key
        if due is None:
            later = Q(due_date__isnull=True, id__gt=pk)
        else:
            later = Q(due_date__gt=due) | Q(due_date=due, id__gt=pk) | Q(due_date__isnull=True)
        if lead:
            later = Q(**{f"{lead}__gt": mine}) | (Q(**{lead: mine}) & later)
        requests = requests.filter(later)
    rows = list(requests[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    return Page(rows=rows, next_after=_after_token(rows[-1], lead) if more and rows else "")


def led_agency(*, actor: Visitor, slug: str) -> Agency:
    """The agency at `slug` if `actor` leads it; 404 otherwise (the same for a missing one)."""
    agency = Agency.objects.filter(slug=slug).first()
    if agency is None or not actor.has_perm("certify.manage_agency", agency):
        raise Http404
    return agency


def managed_organisation(*, actor: Visitor, slug: str) -> Organisation:
    """The organisation at `slug` if `actor` manages it; 404 otherwise."""
    organisation = Organisation.objects.filter(slug=slug).first()
    if organisation is None or not actor.has_perm("certify.manage_organisation", organisation):
        raise Http404
    return organisation


# --- finding a request by name or reference --------------------------------------------------

# The name columns a caseload shows; every other encrypted column stays unread.
NAME_COLUMNS = ("family_name", "given_name", "middle_name")


def _name_keys(words: list[str]) -> set[str]:
    """The blind-index keys a typed name can match. `name_index` holds the family name then
    the given name; a person types them in either order, and sometimes a middle name, so each
    rotation of the words is tried, with and without each middle word."""
    spellings = [words]
    if len(words) > 2:
        spellings += [words[:i] + words[i + 1 :] for i in range(1, len(words) - 1)]
    keys = set()
    for spelling in spellings:
        for turn in range(len(spelling)):
            keys.add(crypto.blind_index(" ".join(spelling[turn:] + spelling[:turn])))
    keys.discard("")
    return keys


def search_requests(
    requests: QuerySet[CertificationRequest], text: str
) -> QuerySet[CertificationRequest]:
    """Requests whose reference starts with `text`, or whose client's full name (family and
    given names, in either order, case and punctuation aside; accents count, as in the
    stored index), A-number or case number is `text`.
    Names are encrypted: only whole names match, through their blind index, never a part."""
    text = text.strip()
    if not text:
        return requests
    words = text.split()[:6]
    exact = crypto.blind_index(text)
    found = Q(reference__startswith=text.upper()) | Q(name_index__in=_name_keys(words))
    if exact:
        found |= Q(a_number_index=exact) | Q(case_number_index=exact)
    return requests.filter(found)


# --- the requester's caseload ------------------------------------------------------------------

DueWindow = Literal["", "overdue", "week", "month", "none"]
CaseloadSort = Literal["due", "newest", "reference"]


@dataclass(frozen=True)
class CaseloadFilters:
    """What the list of requests was asked to show; an empty value filters nothing."""

    search: str = ""
    # One status, "open" for every open one, or "" for all.
    status: str = ""
    agency_id: int | None = None
    due: DueWindow = ""
    sort: CaseloadSort = "due"


def _due_within(due: DueWindow, today: date) -> Q:
    if due == "overdue":
        return Q(due_date__lt=today, status__in=OPEN_STATUSES)
    if due == "week":
        return Q(due_date__gte=today, due_date__lte=today + timedelta(days=7))
    if due == "month":
        return Q(due_date__gte=today, due_date__lte=today + timedelta(days=31))
    return Q(due_date__isnull=True)


def caseload_for(
    *, user: User, filters: CaseloadFilters | None = None
) -> QuerySet[CertificationRequest]:
    """The requests `user` may see, narrowed by `filters`, in the order asked for, with the
    client's name the only personal data read."""
    filters = filters or CaseloadFilters()
    requests = policy.visible_requests(user)
    requests = search_requests(requests, filters.search)
    if filters.status == "open":
        requests = requests.filter(status__in=OPEN_STATUSES)
    elif filters.status:
        requests = requests.filter(status=filters.status)
    if filters.agency_id is not None:
        requests = requests.filter(agency_id=filters.agency_id)
    if filters.due:
        requests = requests.filter(_due_within(filters.due, timezone.localdate()))
    requests = listing_columns(requests.select_related("agency", "organisation"), keep=NAME_COLUMNS)
    return requests.order_by(*SORT_ORDERS[filters.sort])


def caseload_agencies(user: User) -> QuerySet[Agency]:
    """The agencies the person's requests went to, for the list's agency filter."""
    # An agency's staff see every request of their agencies: those need no scan of requests.
    # The rest are the person's own and their organisations' (on the organisation index).
    filed = CertificationRequest.objects.filter(
        Q(created_by=user, filed_by=CertificationRequest.FiledBy.VICTIM)
        | Q(organisation_id__in=policy.organisation_ids(user))
    )
    return Agency.objects.filter(
        Q(pk__in=policy.staff_agency_ids(user)) | Q(pk__in=filed.values("agency_id"))
    ).order_by("name")


def record_names_shown(
    *, actor: User, rows: list[CertificationRequest], http_request: HttpRequest | None = None
) -> None:
    """One audit entry for a page of clients' names (not one per row: a page costs the same
    queries whatever its size). The entry names the first and last reference shown; the
    search text, which may be a name, is never recorded."""
    if not rows:
        return
    audit.record(
        actor=actor,
        action=AuditEntry.Action.VIEW,
        obj=actor,
        detail=f"client names in a list: {len(rows)} rows, {rows[0].reference} to "
        f"{rows[-1].reference}",
        http_request=http_request,
    )


SORT_ORDERS: dict[CaseloadSort, tuple[Any, ...]] = {
    "due": DUE_ORDER,
    "newest": (F("created_at").desc(), F("id").desc()),
    "reference": ("reference",),
}


def sorted_page(
    requests: QuerySet[CertificationRequest],
    *,
    sort: CaseloadSort,
    after: str = "",
    size: int = PAGE_SIZE,
) -> Page:
    """One keyset page of `requests`, ordered by SORT_ORDERS[sort], after the key `after`."""
    if sort == "due":
        return due_page(requests, after=after, size=size)
    if sort == "newest" and after:
        when, _dot, pk = after.rpartition("~")
        try:
            moment, last = datetime.fromisoformat(when), int(pk)
        except ValueError:
            moment, last = None, 0
        if moment is not None:
            requests = requests.filter(Q(created_at__lt=moment) | Q(created_at=moment, id__lt=last))
    elif sort == "reference" and after:
        requests = requests.filter(reference__gt=after)
    rows = list(requests[: size + 1])
    more = len(rows) > size
    rows = rows[:size]
    if not (more and rows):
        return Page(rows=rows, next_after="")
    last_row = rows[-1]
    key = (
        f"{last_row.created_at.isoformat()}~{last_row.pk}"
        if sort == "newest"
        else last_row.reference
    )
    return Page(rows=rows, next_after=key)


def same_client_requests(
    *, user: User, family_name: str, given_name: str, agency_id: int, exclude_pk: int | None
) -> list[str]:
    """The references of requests `user` can see, sent for the same client (the same family
    and given names) to the same agency and not withdrawn: a second one is likely a mistake."""
    key = crypto.blind_index(f"{family_name} {given_name}")
    if not key:
        return []
    Status = CertificationRequest.Status
    found = (
        policy.visible_requests(user)
        .filter(name_index=key, agency_id=agency_id)
        .exclude(status__in=(Status.DRAFT, Status.WITHDRAWN))
    )
    if exclude_pk is not None:
        found = found.exclude(pk=exclude_pk)
    return list(found.order_by("-created_at").values_list("reference", flat=True)[:5])
