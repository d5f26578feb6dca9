"""The pages people expect of a public service: the privacy notice and the accessibility
statement, and the icon browsers ask for at /favicon.ico."""

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.generic import RedirectView

from certify.site.access import public

# How long the wizard keeps files uploaded before a draft exists (workflows.tasks' sweep).
TEMP_UPLOAD_HOURS = 24


@public
def privacy(request: HttpRequest) -> HttpResponse:
    """What is collected, why, who sees it, how long it is kept (the real periods from the
    settings workflows.retention uses) and how to delete it."""
    retention = settings.RETENTION_DAYS_AFTER_CLOSE
    context = {
        "certified_days": retention["certified"],
        "denied_days": retention["denied"],
        "cert_withdrawn_days": retention["cert_withdrawn"],
        "withdrawn_days": retention["withdrawn"],
        "draft_days": settings.DRAFT_EXPIRY_DAYS,
        "idle_minutes": settings.ANONYMOUS_SESSION_IDLE_SECONDS // 60,
        "temp_upload_hours": TEMP_UPLOAD_HOURS,
        "signed_in_hours": settings.SESSION_COOKIE_AGE // 3600,
    }
    return render(request, "certify/privacy.html", context)


@public
def accessibility(request: HttpRequest) -> HttpResponse:
    return render(request, "certify/accessibility.html")


class FaviconView(RedirectView):
    """Browsers ask for /favicon.ico whatever the page links: send them to the static file."""

    permanent = False

    def get_redirect_url(self, *args: object, **kwargs: object) -> str:
        return static("certify/favicon.ico")


favicon = public(FaviconView.as_view())
