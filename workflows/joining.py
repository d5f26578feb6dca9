"""An agency listed in the directory but not on certify asks to join.

Someone at the agency gives their name, title and an address at the agency's own domain (the
agency's `email_domain`, or else its website's); a link to that address confirms it; a site
admin approves. Approval puts the agency on certify and invites the person who asked as its
first lead (workflows.invitations).
"""

from __future__ import annotations

import secrets
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from certify.records import audit
from certify.records.models import Agency, AuditEntry, Invitation, JoinRequest, User
from workflows import invitations
from workflows.accounts import normalise_email, token_hash

Status = JoinRequest.Status


class JoinError(Exception):
    """A request to join that cannot be made or confirmed, with a message fit to show."""


def agency_domain(agency: Agency) -> str:
    """The domain the agency's staff addresses must end in: its own setting, or its website's
    host without "www."; empty when neither is on record."""
    domain = agency.email_domain.strip().lower().lstrip("@")
    if not domain and agency.website:
        domain = (urlsplit(agency.website).hostname or "").lower().removeprefix("www.")
    return domain


def address_at_domain(email: str, domain: str) -> bool:
    """`email` is at `domain` or one of its subdomains (police.city.gov at city.gov)."""
    host = email.rpartition("@")[2].lower()
    return bool(domain) and (host == domain or host.endswith("." + domain))


def may_ask_to_join(agency: Agency) -> bool:
    return not agency.on_certify


def ask_to_join(
    *, agency: Agency, name: str, title: str, email: str, site_url: str, language: str
) -> JoinRequest:
    """Record the request and e-mail its confirmation link to the address at the agency."""
    if not may_ask_to_join(agency):
        raise JoinError(_("This agency already receives requests through certify."))
    domain = agency_domain(agency)
    if not domain:
        raise JoinError(
            _(
                "certify has no website or e-mail domain on record for this agency, so it "
                "cannot check an address. Write to the site administrator instead."
            )
        )
    address = normalise_email(email)
    if not address_at_domain(address, domain):
        raise JoinError(
            _("Use your e-mail address at the agency: one ending in @%(domain)s.")
            % {"domain": domain}
        )
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        join = JoinRequest.objects.create(
            agency=agency,
            name=name.strip(),
            title=title.strip(),
            email=address,
            token_hash=token_hash(token),
            expires_at=timezone.now()
            + timedelta(seconds=settings.JOIN_CONFIRMATION_MAX_AGE_SECONDS),
        )
        audit.record(
            actor=None,
            action=AuditEntry.Action.CREATE,
            obj=join,
            detail=f"asked to join for agency {agency.pk}",
        )
        link = f"{site_url.rstrip('/')}/agencies/join/confirm/{token}/"
        with override(language):
            body = render_to_string(
                "certify/join/email/confirm.txt",
                {
                    "link": link,
                    "agency": agency,
                    "hours": settings.JOIN_CONFIRMATION_MAX_AGE_SECONDS // 3600,
                },
            )
            subject = _("Confirm your agency's request to join certify")
    send_mail(subject, body, None, [address])
    return join


def confirm(*, token: str) -> JoinRequest | None:
    """The address answered: the request waits for the site admin. None for a link that is
    unknown, expired or already used."""
    with transaction.atomic():
        join = (
            JoinRequest.objects.select_for_update(of=("self",))
            .select_related("agency")
            .filter(token_hash=token_hash(token), status=Status.UNCONFIRMED)
            .first()
        )
        if join is None or join.expires_at <= timezone.now():
            return None
        join.status = Status.CONFIRMED
        join.confirmed_at = timezone.now()
        join.save(update_fields=["status", "confirmed_at"])
        audit.record(
            actor=None, action=AuditEntry.Action.UPDATE, obj=join, detail="address confirmed"
        )
    return join


def approve(*, actor: User, join: JoinRequest, site_url: str) -> Invitation:
    """The site admin's yes: the agency goes on certify and its first lead is invited."""
    if not actor.is_superuser:
        raise PermissionError("Only a site admin approves a request to join")
    with transaction.atomic():
        locked = (
            JoinRequest.objects.select_for_update(of=("self",))
            .select_related("agency")
            .get(pk=join.pk)
        )
        if locked.status != Status.CONFIRMED:
            raise JoinError(_("Only a confirmed request can be approved."))
        locked.status = Status.APPROVED
        locked.decided_at = timezone.now()
        locked.decided_by = actor
        locked.save(update_fields=["status", "decided_at", "decided_by"])
        agency = locked.agency
        agency.on_certify = True
        agency.save(update_fields=["on_certify"])
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=locked,
            detail=f"approved: agency {agency.pk} now on certify",
        )
        invitation = invitations.invite(
            actor=actor,
            email=locked.email,
            role=Invitation.Role.LEAD,
            agency=agency,
            site_url=site_url,
        )
    join.refresh_from_db()
    return invitation


def reject(*, actor: User, join: JoinRequest, reason: str) -> None:
    if not actor.is_superuser:
        raise PermissionError("Only a site admin turns down a request to join")
    with transaction.atomic():
        updated = JoinRequest.objects.filter(
            pk=join.pk, status__in=[Status.UNCONFIRMED, Status.CONFIRMED]
        ).update(status=Status.REJECTED, decided_at=timezone.now(), decided_by=actor)
        if updated:
            audit.record(
                actor=actor,
                action=AuditEntry.Action.UPDATE,
                obj=join,
                detail="turned down",
                reason=reason.strip()[:500],
            )
