"""Who must use a second factor, and the devices behind it (django-otp TOTP + backup codes)."""

import base64

import segno
from django.conf import settings
from django.db import transaction
from django_otp import user_has_device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from certify.records import policy
from certify.records.actors import Visitor
from certify.records.models import User

TOTP_NAME = "authenticator"
BACKUP_NAME = "backup"


def second_factor_required(user: Visitor) -> bool:
    """Coordinators, certifying officials, agency leads and site admins handle victim data or
    run the installation: a stolen password alone must not open their accounts."""
    if not user.is_authenticated:
        return False
    return bool(user.is_staff or user.is_superuser or policy.staff_agency_ids(user))


def has_second_factor(user: Visitor) -> bool:
    return user.is_authenticated and bool(user_has_device(user, confirmed=True))


def session_verified(user: User) -> bool:
    """Whether this session has passed the second factor. django-otp's OTPMiddleware gives the
    request's user an ``is_verified`` method; a user without it has not been verified."""
    is_verified = getattr(user, "is_verified", None)
    return bool(is_verified is not None and is_verified())


def confirmed_totp(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_totp(user: User) -> TOTPDevice:
    """The device being set up: the same secret across reloads of the set-up page, so the
    code the app shows keeps matching until the user confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_NAME, confirmed=False)
    return device


def secret_base32(device: TOTPDevice) -> str:
    # Authenticator apps take the secret in base32; spaced in fours so it can be typed.
    raw = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def qr_data_uri(uri: str) -> str:
    """An SVG QR code as a data: URI: no JavaScript, and no inline <svg> whose attributes a
    strict style-src could trip over (img-src allows data:)."""
    return segno.make(uri, error="m").svg_data_uri(scale=4, border=2)


def normalise_token(raw: str) -> str:
    # People type codes with spaces or dashes ("123 456", "abcd-efgh"); devices want them bare.
    return "".join(ch for ch in raw if ch.isalnum()).lower()


@transaction.atomic
def confirm_totp(device: TOTPDevice, token: str) -> bool:
    if not device.verify_token(normalise_token(token)):
        return False
    # One authenticator per person: a new confirmed device replaces any older ones.
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    return True


@transaction.atomic
def new_backup_codes(user: User) -> list[str]:
    """Replace the user's backup codes with a fresh set; the old ones stop working."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.OTP_BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create([StaticToken(device=device, token=c) for c in codes])
    return codes


def backup_codes_left(user: User) -> int:
    return int(StaticToken.objects.filter(device__user=user, device__confirmed=True).count())


def verify(user: User, token: str) -> TOTPDevice | StaticDevice | None:
    """The device that accepts `token` (an app code or an unused backup code), or None.

    Each device throttles its own failures (django-otp's ThrottlingMixin), so guessing is slow
    even before the rate limit on the view.
    """
    token = normalise_token(token)
    if not token or len(token) > 16:
        return None
    with transaction.atomic():
        devices = list(
            TOTPDevice.objects.devices_for_user(user, confirmed=True).select_for_update()
        )
        devices += list(
            StaticDevice.objects.devices_for_user(user, confirmed=True).select_for_update()
        )
        for device in devices:
            if device.verify_token(token):
                return device
    return None
