from django.apps import AppConfig


class FederalFormsConfig(AppConfig):
    # Django's own forms module is "forms"; this app's label keeps the two apart.
    name = "forms"
    label = "federal_forms"
    verbose_name = "Federal form supplements"
    default_auto_field = "django.db.models.BigAutoField"
