"""Housekeeping the workflows helper schedules: abandoned uploads and expired drafts."""

import time
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from certify.models import CertificationRequest
from certify.wizard.storage import temp_directory


def remove_stale_uploads(max_age_hours: int = 24) -> int:
    """Delete wizard temp files older than `max_age_hours`; returns how many were removed.

    formtools removes a wizard's files only when that wizard finishes or restarts, so files of
    abandoned journeys would stay forever (formtools #159)."""
    cutoff = time.time() - max_age_hours * 3600
    removed = 0
    for path in temp_directory().iterdir():
        if path.is_file() and path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def remove_expired_drafts() -> int:
    """Delete drafts untouched for DRAFT_EXPIRY_DAYS, with their uploaded files."""
    from certify import documents

    cutoff = timezone.now() - timedelta(days=settings.DRAFT_EXPIRY_DAYS)
    removed = 0
    stale = CertificationRequest.objects.filter(
        status=CertificationRequest.Status.DRAFT, updated_at__lt=cutoff, events__isnull=True
    )
    for draft in stale:
        paths = [documents._path(d) for d in draft.documents.all()]
        with transaction.atomic():
            draft.delete()
        for path in paths:
            path.unlink(missing_ok=True)
        removed += 1
    return removed
