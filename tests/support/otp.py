"""Codes an authenticator app would show, for tests that sign in through the real pages."""

import base64

from django.conf import settings
from django_otp.oath import totp


def code_for(secret_base32: str | None = None) -> str:
    key = base64.b32decode((secret_base32 or settings.DEMO_TOTP_SECRET).replace(" ", ""))
    return f"{totp(key):06d}"


def code_for_device(device) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
