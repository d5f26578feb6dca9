from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CertifyConfig(AppConfig):
    name = "certify"
    verbose_name = _("Certification requests")
    default_auto_field = "django.db.models.BigAutoField"
