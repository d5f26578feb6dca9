"""The demo staff's current 6-digit code, for signing in to the demo without a phone."""

import base64
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django_otp.oath import totp


class Command(BaseCommand):
    help = (
        "Print the current code of the TOTP secret every demo staff user shares "
        "(settings.DEMO_TOTP_SECRET, public and for the demo only)."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        key = base64.b32decode(settings.DEMO_TOTP_SECRET)
        left = 30 - int(time.time()) % 30
        self.stdout.write(f"{totp(key):06d}  (for {left} more seconds)")
