from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The pages: templates, static files, template tags, admin and management commands."""

    name = "certify.site"
    label = "site"
    verbose_name = "certify site"

    def ready(self) -> None:
        from certify.site import checks  # noqa: F401 - registers the system checks on import
