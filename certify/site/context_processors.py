from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "SITE_NAME": "certify",
        "DEBUG": settings.DEBUG,
        "QUICK_EXIT_URL": settings.QUICK_EXIT_URL,
    }
