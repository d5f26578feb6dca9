"""Who must use a second factor, and the devices behind it (django-otp TOTP + backup codes)."""

import base64
import hmac

import segno
from django.conf import settings
from django.db import transaction
from django_otp import user_has_device
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_otp.util import random_hex

from certify.records import crypto, policy
from certify.records.actors import Visitor
from certify.records.models import User
from workflows import accounts

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


# --- enrolment: a fresh secret per enrolment, kept in the session that started it ---------------
ENROLMENT_KEY = "certify_enrolment"


def may_enrol_alone(user) -> bool:
    """People who choose a second factor (advocates) may turn it on themselves. Those who
    must have one (staff) enrol only through an audited reset's link: otherwise whoever has
    the password of a staff member without a device could enrol their own phone."""
    return not second_factor_required(user)


def start_enrolment(request, *, grant_id: int | None = None, nonce: str = "") -> dict:
    """A fresh secret for this session only (never stored in the database before it is
    confirmed); a link's id and nonce bind it to the link that allowed it."""
    state = {"secret": random_hex(20), "grant": grant_id, "nonce": nonce}
    request.session[ENROLMENT_KEY] = state
    return state


def current_enrolment(request) -> dict | None:
    """This session's enrolment, if it may still go on."""
    state = request.session.get(ENROLMENT_KEY)
    if not isinstance(state, dict) or not isinstance(state.get("secret"), str):
        return None
    if state.get("grant") is None:
        return state if may_enrol_alone(request.user) else None
    if not accounts.enrolment_open(
        user=request.user, grant_id=int(state["grant"]), session_nonce=str(state.get("nonce"))
    ):
        return None
    return state


def enrolment_device(user, secret_hex: str) -> TOTPDevice:
    """An unsaved device around the session's secret, for its otpauth URI and code check."""
    return TOTPDevice(user=user, name=TOTP_NAME, key=secret_hex, confirmed=False)


def code_matches(secret_hex: str, token: str) -> bool:
    """Whether `token` is the app's current code for the session's secret (one 30-second step
    of drift either way, as django-otp allows by default)."""
    token = normalise_token(token)
    if not token.isdigit() or len(token) != 6:
        return False
    key = bytes.fromhex(secret_hex)
    return any(hmac.compare_digest(f"{totp(key, drift=d):06d}", token) for d in (-1, 0, 1))


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


def backup_digest(code: str) -> str:
    """What is stored for a backup code: a keyed hash, never the code."""
    return crypto.keyed_digest("backup-code", normalise_token(code))


@transaction.atomic
def new_backup_codes(user) -> list[str]:
    """Replace the user's backup codes with a fresh set; the old ones stop working. The codes
    are shown once; the database keeps only their keyed hashes."""
    device, _ = StaticDevice.objects.get_or_create(
        user=user, name=BACKUP_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(settings.OTP_BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(
        [StaticToken(device=device, token=backup_digest(c)) for c in codes]
    )
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
            given = backup_digest(token) if isinstance(device, StaticDevice) else token
            if device.verify_token(given):
                return device
    return None
