"""A person's access version: a number on the user row that moves on whenever what the access
policy reads about them changes (agency memberships, designations as certifying official,
second-factor devices).

Sessions keep the answers of those lookups beside the version they were read at
(certify.site.accounts.snapshot); the signed-in user's row, read on every request anyway, tells
whether they still hold. Every save or delete of those rows goes through a model (the admin,
workflows, django-otp), so the receivers below see each one; a queryset's bulk update would
not, and none is made on these tables.
"""

from typing import Any

from django.db.models import F, Model
from django.db.models.signals import post_delete, post_save
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from certify.records.models import AgencyMembership, CertifyingOfficial, User

WATCHED: tuple[type[Model], ...] = (AgencyMembership, CertifyingOfficial, TOTPDevice, StaticDevice)


def bump(user_id: int | None) -> None:
    if user_id is not None:
        User.objects.filter(pk=user_id).update(access_version=F("access_version") + 1)


def _changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    bump(getattr(instance, "user_id", None))


def connect() -> None:
    for model in WATCHED:
        post_save.connect(_changed, sender=model, dispatch_uid=f"access_version_save_{model}")
        post_delete.connect(_changed, sender=model, dispatch_uid=f"access_version_del_{model}")
