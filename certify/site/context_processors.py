from django.conf import settings
from django.http import HttpRequest

from certify.site.languages import switch_languages


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "SITE_NAME": "certify",
        "DEBUG": settings.DEBUG,
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
        "SWITCH_LANGUAGES": switch_languages(),
    }
