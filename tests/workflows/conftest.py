"""Helpers for the workflow tests: moving a request along and reading the mail outbox."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from certify.records.models import CertificationRequest
from workflows.lifecycle import transition


def noon_in_california(day: date) -> datetime:
    # 20:00 UTC is midday in Los Angeles (agency A's zone) whether or not DST is in force, so
    # the agency's date is `day` itself.
    return datetime(day.year, day.month, day.day, 20, 0, tzinfo=UTC)


def assign(world, req: CertificationRequest, official=None) -> CertificationRequest:
    return transition(
        req,
        move="assign",
        actor=world.users["coordinator"],
        assigned_official=official or world.official_a,
    )


def set_due(req: CertificationRequest, due: date) -> None:
    # The clock is a snapshot taken at receipt; tests place it where they need it.
    CertificationRequest.objects.filter(pk=req.pk).update(due_date=due)
    req.refresh_from_db()


@pytest.fixture(autouse=True)
def _locmem_mail(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
