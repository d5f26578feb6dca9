"""Accounts: sign-up, confirmation and the reset of a second factor, each audited.

Sign-up guards against pre-hijacking. Someone who signs up with another person's address and
never confirms must not own the account that person later confirms:
- a new sign-up of an unconfirmed address replaces its password (the newest sign-up wins),
  which also voids every earlier confirmation link (the token covers the password hash);
- confirming asks for the password of that newest sign-up, so a link that arrives after an
  attacker's later sign-up cannot activate the attacker's password;
- links expire after ACCOUNT_ACTIVATION_MAX_AGE_SECONDS and work once.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import timedelta
from typing import Literal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core import signing
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import F
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _
from django.utils.translation import override
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from certify.records import audit, policy
from certify.records.actors import Actor
from certify.records.models import AuditEntry, SecondFactorEnrolment, User

_ACTIVATION_SALT = "certify.account-activation"


@dataclass(frozen=True)
class SignUpOutcome:
    user: User
    # new: an account was created; pending: an unconfirmed one took the newest password;
    # active: the address already has an account (the person is told to sign in).
    kind: Literal["new", "pending", "active"]


def normalise_email(email: str) -> str:
    return User.objects.normalize_email(email.strip()).lower()


def is_unconfirmed(user: User) -> bool:
    """An account made by sign-up and never confirmed: never signed in, no role. An account
    an administrator switched off is not one, so sign-up cannot switch it back on."""
    return (
        not user.is_active
        and user.last_login is None
        and not user.is_staff
        and not user.is_superuser
        and not policy.staff_agency_ids(user)
        and not policy.organisation_ids(user)
    )


def sign_up(*, email: str, password: str, language: str) -> SignUpOutcome:
    """Create an unconfirmed account, or give an unconfirmed one the newest password."""
    address = normalise_email(email)
    with transaction.atomic():
        user = User.objects.select_for_update().filter(email=address).first()
        if user is None:
            user = User.objects.create_user(
                email=address, password=password, is_active=False, preferred_language=language
            )
            audit.record(actor=None, action=AuditEntry.Action.CREATE, obj=user, detail="signed up")
            return SignUpOutcome(user, "new")
        if not is_unconfirmed(user):
            make_password(password)  # the same work whether or not the address has an account
            return SignUpOutcome(user, "active")
        user.set_password(password)
        user.preferred_language = language
        user.save(update_fields=["password", "preferred_language"])
        audit.record(
            actor=None,
            action=AuditEntry.Action.UPDATE,
            obj=user,
            detail="signed up again: the newest password replaced the unconfirmed one",
        )
        return SignUpOutcome(user, "pending")


def _activation_value(user: User) -> str:
    # Changes when the password does (a newer sign-up) and when the account is confirmed.
    return salted_hmac(
        _ACTIVATION_SALT,
        f"{user.pk}:{user.email}:{user.password}:{user.is_active}",
        algorithm="sha256",
    ).hexdigest()[:32]


def activation_token(user: User) -> str:
    return signing.TimestampSigner(salt=_ACTIVATION_SALT).sign(_activation_value(user))


def activation_link_valid(user: User, token: str) -> bool:
    if not is_unconfirmed(user):
        return False
    try:
        value = signing.TimestampSigner(salt=_ACTIVATION_SALT).unsign(
            token, max_age=settings.ACCOUNT_ACTIVATION_MAX_AGE_SECONDS
        )
    except signing.BadSignature:  # includes SignatureExpired
        return False
    return hmac.compare_digest(value, _activation_value(user))


def activate(*, user: User, token: str, password: str) -> User | None:
    """Confirm the account if the link is live and `password` is the newest sign-up's."""
    with transaction.atomic():
        locked: User = User.objects.select_for_update().get(pk=user.pk)
        if not activation_link_valid(locked, token) or not locked.check_password(password):
            return None
        locked.is_active = True
        locked.save(update_fields=["is_active"])
        audit.record(
            actor=locked, action=AuditEntry.Action.UPDATE, obj=locked, detail="account confirmed"
        )
    return locked


# --- second factor -----------------------------------------------------------------------------


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def sign_out_everywhere(user: User) -> None:
    """End every session the person has: each fails Django's session check at its next
    request (User._get_session_auth_hash)."""
    User.objects.filter(pk=user.pk).update(sessions_epoch=F("sessions_epoch") + 1)
    user.refresh_from_db(fields=["sessions_epoch"])


def new_enrolment_link(*, user: User, created_by: Actor) -> str:
    """A fresh single-use set-up link for `user` (earlier unused ones stop working); returns
    the token, of which only the hash is kept."""
    token = secrets.token_urlsafe(32)
    SecondFactorEnrolment.objects.filter(user=user, used_at__isnull=True).update(
        expires_at=timezone.now()
    )
    SecondFactorEnrolment.objects.create(
        user=user,
        token_hash=token_hash(token),
        created_by=created_by,
        expires_at=timezone.now()
        + timedelta(seconds=settings.SECOND_FACTOR_ENROLMENT_MAX_AGE_SECONDS),
    )
    return token


def reset_second_factor(*, actor: Actor, user: User, reason: str, site_url: str) -> None:
    """Remove the person's authenticator and backup codes, end every session of theirs, and
    e-mail them a single-use link to set up a new one. `actor` is the site admin or the
    person's agency lead (workflows.agency_settings; None for the command line); the reason
    is kept in the audit entry."""
    if actor is not None and actor.pk == user.pk:
        raise PermissionError("Nobody resets their own second factor")
    if not reason.strip():
        raise ValueError("A reason is required")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
        sign_out_everywhere(user)
        token = new_enrolment_link(user=user, created_by=actor)
        audit.record(
            actor=actor,
            action=AuditEntry.Action.UPDATE,
            obj=user,
            detail="second factor reset; signed out everywhere; set-up link sent",
            reason=reason.strip(),
            system_label="command: reset_second_factor",
        )
        link = f"{site_url.rstrip('/')}/two-factor/enrol/{token}/"
        with override(user.preferred_language):
            body = render_to_string(
                "certify/security/email/enrolment_link.txt",
                {"link": link, "hours": settings.SECOND_FACTOR_ENROLMENT_MAX_AGE_SECONDS // 3600},
            )
            subject = _("Your certify account")
    send_mail(subject, body, None, [user.email])


def claim_enrolment_link(*, user: User, token: str, session_nonce: str) -> int | None:
    """The first session to open a live link owns it; returns the link's id, or None when the
    link is unknown, someone else's, expired, used, or already opened elsewhere."""
    with transaction.atomic():
        grant = (
            SecondFactorEnrolment.objects.select_for_update()
            .filter(token_hash=token_hash(token), user=user)
            .first()
        )
        if grant is None or grant.used_at is not None or grant.opened_at is not None:
            return None
        if grant.expires_at <= timezone.now():
            return None
        grant.opened_at = timezone.now()
        grant.session_hash = token_hash(session_nonce)
        grant.save(update_fields=["opened_at", "session_hash"])
        audit.record(
            actor=user, action=AuditEntry.Action.VIEW, obj=grant, detail="set-up link opened"
        )
        return grant.pk


def enrolment_open(*, user: User, grant_id: int, session_nonce: str) -> bool:
    """Whether this session holds a live link of this person's."""
    return SecondFactorEnrolment.objects.filter(
        pk=grant_id,
        user=user,
        used_at__isnull=True,
        expires_at__gt=timezone.now(),
        session_hash=token_hash(session_nonce),
    ).exists()


def second_factor_enrolled(
    *,
    user: User,
    secret_hex: str,
    grant_id: int | None = None,
    http_request: HttpRequest | None = None,
) -> None:
    """Record a confirmed authenticator: the new device replaces any others, the link (if any)
    is spent, the audit says so, and the person is told by e-mail (someone else enrolling
    would show up here)."""
    with transaction.atomic():
        if grant_id is not None:
            spent = SecondFactorEnrolment.objects.filter(
                pk=grant_id, user=user, used_at__isnull=True
            ).update(used_at=timezone.now())
            if spent != 1:
                raise PermissionError("The set-up link was already used")
        TOTPDevice.objects.filter(user=user).delete()
        TOTPDevice.objects.create(user=user, name="authenticator", key=secret_hex, confirmed=True)
        audit.record(
            actor=user,
            action=AuditEntry.Action.UPDATE,
            obj=user,
            detail="second factor set up",
            http_request=http_request,
        )
        with override(user.preferred_language):
            body = render_to_string(
                "certify/security/email/enrolled.txt",
                {"when": timezone.now(), "site_url": settings.SITE_URL},
            )
            subject = _("Your certify account")
    send_mail(subject, body, None, [user.email])
