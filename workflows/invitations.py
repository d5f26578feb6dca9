"""Invitations: the only way a person joins an agency's staff or an organisation.

A lead (or an organisation's manager, or the site admin approving a request to join) invites an
address with a role. The e-mail carries a single-use link that expires; only its hash is kept,
and the e-mail names no victim and no request. Opening it, the person sets a password; the same
step gives them a second-factor set-up link bound to their session (workflows.accounts), so
they enrol their authenticator before they can see anything.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from certify.records import audit
from certify.records.actors import Actor
from certify.records.models import (
    Agency,
    AgencyMembership,
    AuditEntry,
    CertifyingOfficial,
    Invitation,
    Organisation,
    OrganisationMembership,
    User,
)
from workflows.accounts import new_enrolment_link, normalise_email, token_hash

Role = Invitation.Role


class InvitationError(Exception):
    """An invitation that cannot be made or used, with a message fit to show."""


@dataclass(frozen=True)
class Designation:
    """What an official's invitation records about their authority (8 CFR 214.14(a)(3))."""

    title: str
    basis: str
    designated_by: str
    designation_date: date


@dataclass(frozen=True)
class Joined:
    user: User
    # The second-factor set-up link the person goes on to, in the same session.
    enrolment_token: str


def invite(
    *,
    actor: Actor,
    email: str,
    role: str,
    site_url: str,
    agency: Agency | None = None,
    organisation: Organisation | None = None,
    designation: Designation | None = None,
    language: str = "en",
) -> Invitation:
    """Make an invitation and e-mail its link. The caller has checked that `actor` may invite
    to this agency or organisation."""
    address = normalise_email(email)
    if (agency is None) == (organisation is None):
        raise ValueError("An invitation is to one agency or one organisation")
    allowed = Invitation.AGENCY_ROLES if agency is not None else Invitation.ORGANISATION_ROLES
    if role not in allowed:
        raise ValueError(f"{role} is not a role of this place")
    if role == Role.OFFICIAL and designation is None:
        raise ValueError("An official's invitation records the designation")
    if User.objects.filter(email=address).exists():
        raise InvitationError(
            _(
                "This address already has a certify account. Ask the site administrator to "
                "add the role to that account."
            )
        )
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        place: Agency | Organisation | None = agency or organisation
        Invitation.objects.filter(
            email=address, agency=agency, organisation=organisation, used_at__isnull=True
        ).update(revoked_at=timezone.now())
        invitation = Invitation.objects.create(
            email=address,
            agency=agency,
            organisation=organisation,
            role=role,
            title=designation.title if designation else "",
            basis=designation.basis if designation else "",
            designated_by=designation.designated_by if designation else "",
            designation_date=designation.designation_date if designation else None,
            token_hash=token_hash(token),
            created_by=actor,
            expires_at=timezone.now() + timedelta(seconds=settings.INVITATION_MAX_AGE_SECONDS),
        )
        audit.record(
            actor=actor,
            action=AuditEntry.Action.CREATE,
            obj=invitation,
            detail=f"invited as {role} to {type(place).__name__} {place.pk if place else ''}",
            system_label="invitation",
        )
        link = f"{site_url.rstrip('/')}/invitations/{token}/"
        with override(language):
            body = render_to_string(
                "certify/security/email/invitation.txt",
                {
                    "link": link,
                    "place": place,
                    "role": invitation.get_role_display(),
                    "days": settings.INVITATION_MAX_AGE_SECONDS // 86400,
                },
            )
            subject = _("An invitation to certify")
    send_mail(subject, body, None, [address])
    return invitation


def pending_invitation(token: str) -> Invitation | None:
    """The live invitation this token opens, or None (unknown, used, revoked or expired)."""
    invitation = (
        Invitation.objects.select_related("agency", "organisation")
        .filter(token_hash=token_hash(token))
        .first()
    )
    return invitation if invitation is not None and invitation.pending else None


def check_new_password(password: str, *, email: str) -> None:
    """The site's password rules (AUTH_PASSWORD_VALIDATORS); raises ValidationError."""
    validate_password(password, User(email=email))


def accept(*, token: str, first_name: str, last_name: str, password: str, language: str) -> Joined:
    """Create the invited person's account with their role, spend the invitation, and give
    them a second-factor set-up link for this session."""
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(of=("self",))
            .select_related("agency", "organisation")
            .filter(token_hash=token_hash(token))
            .first()
        )
        if invitation is None or not invitation.pending:
            raise InvitationError(_("This invitation is no longer valid."))
        try:
            with transaction.atomic():
                user = User.objects.create_user(
                    email=invitation.email,
                    password=password,
                    first_name=first_name.strip(),
                    last_name=last_name.strip(),
                    preferred_language=language,
                )
        except IntegrityError:
            raise InvitationError(
                _("This address already has a certify account. Sign in instead.")
            ) from None
        _grant_role(invitation, user)
        invitation.used_at = timezone.now()
        invitation.joined_user = user
        invitation.save(update_fields=["used_at", "joined_user"])
        audit.record(
            actor=user,
            action=AuditEntry.Action.UPDATE,
            obj=invitation,
            detail=f"invitation accepted: joined as {invitation.role}",
        )
        enrolment_token = new_enrolment_link(user=user, created_by=invitation.created_by)
    return Joined(user=user, enrolment_token=enrolment_token)


def _grant_role(invitation: Invitation, user: User) -> None:
    if invitation.organisation is not None:
        OrganisationMembership.objects.create(
            user=user, organisation=invitation.organisation, role=invitation.role
        )
        return
    agency = invitation.agency
    assert agency is not None  # the invitation_one_place constraint
    if invitation.role == Role.OFFICIAL:
        official = CertifyingOfficial.objects.create(
            user=user,
            agency=agency,
            title=invitation.title,
            basis=invitation.basis or CertifyingOfficial.Basis.DESIGNATED,
            designated_by=invitation.designated_by,
            designation_date=invitation.designation_date or timezone.localdate(),
        )
        audit.record(
            actor=invitation.created_by,
            action=AuditEntry.Action.CREATE,
            obj=official,
            detail=f"designated official of agency {agency.pk} on joining",
            system_label="invitation",
        )
        return
    AgencyMembership.objects.create(user=user, agency=agency, role=invitation.role)


def revoke(*, actor: Actor, invitation: Invitation) -> None:
    with transaction.atomic():
        updated = Invitation.objects.filter(
            pk=invitation.pk, used_at__isnull=True, revoked_at__isnull=True
        ).update(revoked_at=timezone.now())
        if updated:
            audit.record(
                actor=actor, action=AuditEntry.Action.UPDATE, obj=invitation, detail="revoked"
            )
