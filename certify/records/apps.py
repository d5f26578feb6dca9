from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RecordsConfig(AppConfig):
    """The records of a request. The label stays "certify" so that table names, permissions
    ("certify.view_request") and migration history are those the project always had."""

    name = "certify.records"
    label = "certify"
    verbose_name = _("Certification requests")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        # The access rules register themselves with django-rules when their module is imported.
        from certify.records import access_version, policy  # noqa: F401  (registration)

        access_version.connect()
