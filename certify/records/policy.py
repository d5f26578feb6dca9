"""The access policy: every permission in certify is decided here, and only here.

Views name a permission; `rules` evaluates the predicate. An unknown permission is refused, so a
view whose rule is missing fails closed (and the URL-by-role test notices).
"""

from collections.abc import Callable

from django.db.models import Q, QuerySet
from rules.permissions import add_perm as rules_add_perm
from rules.predicates import Predicate
from rules.predicates import predicate as rules_predicate

from certify.records.actors import Visitor
from certify.records.models import (
    PURGED_EVENT,
    Agency,
    AgencyMembership,
    CertificationRequest,
    Organisation,
    OrganisationMembership,
)

# django-rules 3.5 ships a py.typed marker but leaves `predicate` and `add_perm` unannotated;
# these two wrappers give them their types once, and change nothing else.


def predicate(fn: Callable[..., bool]) -> Predicate:
    """rules.predicate: the function becomes a Predicate that combines with & | ~."""
    made: Predicate = rules_predicate(fn)  # type: ignore[no-untyped-call]  # rules: unannotated
    return made


def add_perm(name: str, rule: Predicate) -> None:
    rules_add_perm(name, rule)  # type: ignore[no-untyped-call]  # rules: unannotated


def organisation_ids(user: Visitor) -> set[int]:
    if not user.is_authenticated:
        return set()
    cache_key = "_certify_org_ids"
    if not hasattr(user, cache_key):
        ids = set(
            OrganisationMembership.objects.filter(user=user, active=True).values_list(
                "organisation_id", flat=True
            )
        )
        setattr(user, cache_key, ids)
    cached: set[int] = getattr(user, cache_key)
    return cached


def _memo(roles: tuple[str, ...] | None) -> str:
    """The attribute that keeps staff_agency_ids(user, roles) on the user for one request."""
    return f"_certify_agency_ids_{'-'.join(roles or ())}"


def staff_agency_ids(user: Visitor, roles: tuple[str, ...] | None = None) -> set[int]:
    """Agencies where the user is a coordinator, lead or active certifying official."""
    if not user.is_authenticated:
        return set()
    cache_key = _memo(roles)
    if not hasattr(user, cache_key):
        memberships = AgencyMembership.objects.filter(user=user, active=True)
        if roles is not None:
            memberships = memberships.filter(role__in=roles)
        ids = set(memberships.values_list("agency_id", flat=True))
        if roles is None:
            ids |= set(user.designations.filter(active=True).values_list("agency_id", flat=True))
        setattr(user, cache_key, ids)
    cached: set[int] = getattr(user, cache_key)
    return cached


def remember_staff_agency_ids(user: Visitor, ids: set[int]) -> None:
    """Give staff_agency_ids(user) its answer for this request (kept in the session by
    certify.site.accounts.snapshot while the person's access version holds)."""
    setattr(user, _memo(None), ids)


def lead_agency_ids(user: Visitor) -> set[int]:
    return staff_agency_ids(user, roles=(AgencyMembership.Role.LEAD,))


@predicate
def is_signed_in(user: Visitor) -> bool:
    return user.is_authenticated


@predicate
def is_requester_of(user: Visitor, request: CertificationRequest) -> bool:
    return (
        user.is_authenticated
        and request.created_by_id == user.pk
        and request.filed_by == CertificationRequest.FiledBy.VICTIM
    )


@predicate
def is_advocate_for(user: Visitor, request: CertificationRequest) -> bool:
    return request.organisation_id is not None and request.organisation_id in organisation_ids(user)


@predicate
def is_staff_of_receiving_agency(user: Visitor, request: CertificationRequest) -> bool:
    # An agency sees a request only once it has been sent: drafts stay with their author.
    return (
        request.agency_id is not None
        and request.status != CertificationRequest.Status.DRAFT
        and request.agency_id in staff_agency_ids(user)
    )


@predicate
def is_advocate(user: Visitor) -> bool:
    return bool(organisation_ids(user))


@predicate
def is_agency_staff(user: Visitor) -> bool:
    return bool(staff_agency_ids(user))


@predicate
def is_lead_of(user: Visitor, agency: Agency | None) -> bool:
    return agency is not None and agency.pk in lead_agency_ids(user)


def managed_organisation_ids(user: Visitor) -> set[int]:
    if not user.is_authenticated:
        return set()
    return set(
        OrganisationMembership.objects.filter(
            user=user, active=True, role=OrganisationMembership.Role.MANAGER
        ).values_list("organisation_id", flat=True)
    )


@predicate
def is_manager_of(user: Visitor, organisation: Organisation | None) -> bool:
    return organisation is not None and organisation.pk in managed_organisation_ids(user)


can_see_request = is_requester_of | is_advocate_for | is_staff_of_receiving_agency


def is_purged(certification_request: CertificationRequest) -> bool:
    return certification_request.events.filter(kind=PURGED_EVENT).exists()


def can_delete_now(certification_request: CertificationRequest) -> bool:
    """Only a draft or a request the requester withdrew: the agency holds nothing it must keep."""
    return certification_request.status in (
        CertificationRequest.Status.DRAFT,
        CertificationRequest.Status.WITHDRAWN,
    ) and not is_purged(certification_request)


@predicate
def is_deletable_now(user: Visitor, request: CertificationRequest) -> bool:
    return can_delete_now(request)


# Only the side that filed it, and only while the agency holds nothing it must keep: a draft
# or a request the requester withdrew. The agency never deletes victims' requests.
may_delete_now = (is_requester_of | is_advocate_for) & is_deletable_now


@predicate
def needs_a_packet(user: Visitor, request: CertificationRequest) -> bool:
    # Only agencies outside certify get a packet, and only once the request is complete.
    return (
        request.agency is not None
        and not request.agency.on_certify
        and request.status != CertificationRequest.Status.DRAFT
    )


add_perm("certify.view_request", can_see_request)
add_perm("certify.view_notices", is_signed_in)
add_perm("certify.download_packet", (is_requester_of | is_advocate_for) & needs_a_packet)
add_perm("certify.download_document", can_see_request)
add_perm("certify.list_my_requests", is_signed_in)
add_perm("certify.view_agency_queue", is_agency_staff)
add_perm("certify.view_agency_figures", is_lead_of)
# The agency's settings, officials, staff and routing rules; the organisation's members.
add_perm("certify.manage_agency", is_lead_of)
add_perm("certify.manage_organisation", is_manager_of)
add_perm("certify.delete_request_now", may_delete_now)
# Second-factor set-up, backup codes, confirming identity: one's own account only.
add_perm("certify.manage_own_security", is_signed_in)


@predicate
def is_draft(user: Visitor, request: CertificationRequest | None) -> bool:
    return request is not None and request.status == CertificationRequest.Status.DRAFT


# The request wizard: a draft is edited by its author's side only; an advocate may copy any of
# the organisation's requests into a new draft (a second agency, or T after U).
add_perm("certify.edit_draft", is_signed_in & (is_requester_of | is_advocate_for) & is_draft)
add_perm("certify.copy_request", is_signed_in & is_advocate_for)


def visible_requests(user: Visitor) -> QuerySet[CertificationRequest]:
    """The same rule as `can_see_request`, as a query, for lists."""
    if not user.is_authenticated:
        return CertificationRequest.objects.none()
    mine = Q(created_by=user, filed_by=CertificationRequest.FiledBy.VICTIM)
    organisation = Q(organisation_id__in=organisation_ids(user))
    agency = Q(agency_id__in=staff_agency_ids(user)) & ~Q(status=CertificationRequest.Status.DRAFT)
    return CertificationRequest.objects.filter(mine | organisation | agency)


# --- The certifying official's workspace ---------------------------------------------------
# Requests reach these rules only through views that name them; each rule also insists the
# request belongs to the user's own agency, so another agency's staff get nothing (404/403).


@predicate
def is_coordinator_of_receiving_agency(user: Visitor, request: CertificationRequest | None) -> bool:
    # Coordinators and leads accept and route requests; officials decide them.
    return (
        request is not None
        and request.agency_id is not None
        and request.status != CertificationRequest.Status.DRAFT
        and request.agency_id
        in staff_agency_ids(
            user, roles=(AgencyMembership.Role.COORDINATOR, AgencyMembership.Role.LEAD)
        )
    )


@predicate
def is_official_of_receiving_agency(user: Visitor, request: CertificationRequest | None) -> bool:
    # Any active designated official of the agency may draft the agency's answers (a colleague
    # covering a case), but only the assigned one may sign or deny (workflows.lifecycle).
    return (
        request is not None
        and request.agency_id is not None
        and request.status != CertificationRequest.Status.DRAFT
        and user.is_authenticated
        and user.designations.filter(agency_id=request.agency_id, active=True).exists()
    )


@predicate
def is_assigned_official(user: Visitor, request: CertificationRequest | None) -> bool:
    official = request.assigned_official if request is not None else None
    return (
        official is not None
        and official.active
        and user.is_authenticated
        and official.user_id == user.pk
    )


@predicate
def is_lead_of_receiving_agency(user: Visitor, request: CertificationRequest | None) -> bool:
    return request is not None and request.agency_id in lead_agency_ids(user)


add_perm("certify.assign_request", is_coordinator_of_receiving_agency)
add_perm("certify.complete_request", is_official_of_receiving_agency)
add_perm("certify.decide_request", is_assigned_official & is_staff_of_receiving_agency)
add_perm(
    "certify.withdraw_certification",
    (is_assigned_official | is_lead_of_receiving_agency) & is_staff_of_receiving_agency,
)
# The secure thread: both sides of one request (the requester or advocate, and the agency).
add_perm("certify.message_request", can_see_request)
# A denied request: the requester's side may ask the agency to look again (the lifecycle also
# checks the status).
add_perm("certify.ask_reconsideration", is_requester_of | is_advocate_for)
