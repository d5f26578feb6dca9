"""What an agency's lead changes about their own agency: its published details, its designated
certifying officials (8 CFR 214.14(a)(3)), its routing rules and its staff's second factor.

Every function takes the lead as `actor` and the agency, checks that the actor leads it, and
writes one audit entry per change, naming the fields changed (never their values).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone

from certify.records import audit, documents, policy
from certify.records.models import (
    Agency,
    AgencyMembership,
    AuditEntry,
    CertificationRequest,
    CertifyingOfficial,
    User,
)
from workflows import accounts
from workflows.invitations import Designation
from workflows.lifecycle import transition
from workflows.models import RoutingRule

Status = CertificationRequest.Status

# Fields of the agency its lead may change; the rest (name, kind, service areas) stay with the
# site admin, because the public directory and the routing read them.
SETTINGS_FIELDS = ("target_days", "letterhead", "return_address", "website", "email_domain")

# Requests an official holds: these go back to the queue when the official stops certifying.
HELD_STATUSES = (Status.ASSIGNED, Status.IN_REVIEW, Status.RECONSIDERATION)


def _check_lead(actor: User, agency: Agency) -> None:
    if agency.pk not in policy.lead_agency_ids(actor):
        raise PermissionError("Only the agency's lead changes its settings")


def _record(
    actor: User, obj: Any, detail: str, http_request: HttpRequest | None, **kw: str
) -> None:
    audit.record(
        actor=actor,
        action=AuditEntry.Action.UPDATE,
        obj=obj,
        detail=detail,
        http_request=http_request,
        **kw,
    )


def update_settings(
    *,
    actor: User,
    agency: Agency,
    changes: dict[str, Any],
    http_request: HttpRequest | None = None,
) -> list[str]:
    """Apply `changes` (SETTINGS_FIELDS and the instructions in each language); returns the
    names of the fields that changed."""
    _check_lead(actor, agency)
    allowed = set(SETTINGS_FIELDS) | set(instruction_fields())
    changed = [
        name
        for name, value in changes.items()
        if name in allowed and getattr(agency, name) != value
    ]
    if not changed:
        return []
    with transaction.atomic():
        for name in changed:
            setattr(agency, name, changes[name])
        agency.full_clean()
        agency.save(update_fields=changed)
        _record(
            actor, agency, f"agency settings changed: {', '.join(sorted(changed))}", http_request
        )
    return changed


def instruction_fields() -> list[str]:
    """The published instructions, one field per language of the site (modeltranslation)."""
    from django.conf import settings

    return [f"instructions_{code.replace('-', '_')}" for code, _name in settings.LANGUAGES]


def update_official(
    *,
    actor: User,
    official: CertifyingOfficial,
    changes: dict[str, Any],
    letter: bytes | None = None,
    http_request: HttpRequest | None = None,
) -> list[str]:
    """Change a designation's record (title, basis, who designated them and when, the end
    date) and, if given, replace the designation letter, stored encrypted."""
    _check_lead(actor, official.agency)
    editable = {"title", "division", "basis", "designated_by", "designation_date", "end_date"}
    changed = [
        name
        for name, value in changes.items()
        if name in editable and getattr(official, name) != value
    ]
    old_letter, new_letter = official.letter_storage_name, ""
    if letter is not None:
        new_letter, _sniffed = documents.store_file(letter)  # raises ValidationError if unfit
        changed += ["letter_storage_name", "designation_letter_on_file"]
    if not changed:
        return []
    try:
        with transaction.atomic():
            for name in changed:
                setattr(official, name, changes.get(name))
            if new_letter:
                official.letter_storage_name = new_letter
                official.designation_letter_on_file = True
            official.save(update_fields=changed)
            _record(
                actor, official, f"designation changed: {', '.join(sorted(changed))}", http_request
            )
    except Exception:
        documents.remove_stored(new_letter)
        raise
    if new_letter and old_letter:
        documents.remove_stored(old_letter)
    return changed


def end_designation(
    *,
    actor: User,
    official: CertifyingOfficial,
    reason: str,
    http_request: HttpRequest | None = None,
) -> list[CertificationRequest]:
    """The official no longer certifies for the agency: the designation is made inactive
    (ending today unless an end date was set), and every request they held goes back to the
    coordinators' queue, who are told (workflows.tasks.notify_event). Returns those requests."""
    _check_lead(actor, official.agency)
    if not reason.strip():
        raise ValueError("A reason is required")
    returned = _end(official, actor=actor, reason=reason.strip(), http_request=http_request)
    official.refresh_from_db()
    return returned


def end_lapsed_designations(today: date) -> int:
    """The sweep's part: designations whose end date has passed end as if the lead had ended
    them, so an end date set in advance takes effect on its day. Returns how many ended."""
    lapsed = CertifyingOfficial.objects.filter(active=True, end_date__lt=today).order_by("pk")
    for official in lapsed:
        _end(official, actor=None, reason="The designation reached its end date.")
    return len(lapsed)


def _end(
    official: CertifyingOfficial,
    *,
    actor: User | None,
    reason: str,
    http_request: HttpRequest | None = None,
) -> list[CertificationRequest]:
    with transaction.atomic():
        locked = CertifyingOfficial.objects.select_for_update().get(pk=official.pk)
        if not locked.active:
            return []
        locked.active = False
        locked.end_date = locked.end_date or timezone.localdate()
        locked.save(update_fields=["active", "end_date"])
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=locked,
            detail="designation ended",
            reason=reason[:500],
            http_request=http_request,
            system_label="sweep: designation end date",
        )
        return [
            transition(
                req,
                move="return_to_queue",
                actor=actor,
                note=reason,
                http_request=http_request,
                assigned_official=None,
            )
            for req in CertificationRequest.objects.filter(
                assigned_official=locked, status__in=HELD_STATUSES
            ).order_by("pk")
        ]


def designate(
    *,
    actor: User,
    agency: Agency,
    user: User,
    designation: Designation,
    http_request: HttpRequest | None = None,
) -> CertifyingOfficial:
    """Make someone already on the agency's staff a certifying official, or designate again
    someone whose designation ended (one row per person and agency)."""
    _check_lead(actor, agency)
    if user.pk not in {member.pk for member in staff_of(agency)}:
        raise PermissionError("Only the agency's own staff are designated here")
    with transaction.atomic():
        official, created = CertifyingOfficial.objects.select_for_update().get_or_create(
            user=user,
            agency=agency,
            defaults={
                "title": designation.title,
                "designation_date": designation.designation_date,
            },
        )
        official.title = designation.title
        official.basis = designation.basis
        official.designated_by = designation.designated_by
        official.designation_date = designation.designation_date
        official.end_date = None
        official.active = True
        official.save()
        audit.record(
            actor=actor,
            action=AuditEntry.Action.CREATE if created else AuditEntry.Action.UPDATE,
            obj=official,
            detail=f"designated official of agency {agency.pk}",
            http_request=http_request,
        )
    return official


def end_membership(
    *,
    actor: User,
    membership: AgencyMembership,
    reason: str,
    http_request: HttpRequest | None = None,
) -> None:
    """A coordinator or lead leaves the role. A lead cannot end their own: another lead or the
    site admin does, so an agency is never left without anyone by a slip."""
    _check_lead(actor, membership.agency)
    if membership.user_id == actor.pk:
        raise PermissionError("Nobody ends their own role here")
    if not reason.strip():
        raise ValueError("A reason is required")
    with transaction.atomic():
        updated = AgencyMembership.objects.filter(pk=membership.pk, active=True).update(
            active=False
        )
        if updated:
            _record(actor, membership, "role ended", http_request, reason=reason.strip()[:500])


def add_routing_rule(
    *,
    actor: User,
    agency: Agency,
    offence_level: str,
    unit: str,
    priority: int,
    note: str,
    http_request: HttpRequest | None = None,
) -> RoutingRule:
    _check_lead(actor, agency)
    with transaction.atomic():
        rule = RoutingRule(
            agency=agency, offence_level=offence_level, unit=unit, priority=priority, note=note
        )
        rule.full_clean()
        rule.save()
        audit.record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=rule,
            detail=f"routing rule added to agency {agency.pk}",
            http_request=http_request,
        )
    return rule


def remove_routing_rule(
    *, actor: User, rule: RoutingRule, http_request: HttpRequest | None = None
) -> None:
    _check_lead(actor, rule.agency)
    with transaction.atomic():
        _record(
            actor,
            rule,
            f"routing rule removed from agency {rule.agency_id}: "
            f"{rule.offence_level or '-'} / {rule.unit or '-'} / {rule.priority}",
            http_request,
        )
        rule.delete()


def staff_of(agency: Agency) -> list[User]:
    """Everyone who holds an active role at the agency, by e-mail address."""
    return list(
        User.objects.filter(
            agency_memberships__agency=agency, agency_memberships__active=True
        ).union(User.objects.filter(designations__agency=agency, designations__active=True))
    )


def reset_second_factor(
    *, actor: User, agency: Agency, user: User, reason: str, site_url: str
) -> None:
    """A lead resets the second factor of someone on the agency's staff: their devices go,
    every session of theirs ends, and a set-up link is e-mailed (workflows.accounts)."""
    _check_lead(actor, agency)
    if user.pk not in {member.pk for member in staff_of(agency)} or user.is_superuser:
        raise PermissionError("A lead resets only their own agency's staff")
    accounts.reset_second_factor(actor=actor, user=user, reason=reason, site_url=site_url)


def designation_letter(official: CertifyingOfficial) -> bytes:
    return documents.read_stored(official.letter_storage_name)
