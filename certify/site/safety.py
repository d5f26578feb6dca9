"""Quick exit: the way out for someone who must hide what they were doing, quickly.

The button on every page (templates/includes/quick_exit.html) sends the browser to a neutral
outside page (settings.QUICK_EXIT_URL) and, on the way, asks this endpoint to forget the visit:
the session ends (the wizard's answers kept there and its uploaded files go; a signed-in person
is signed out, so a draft saved to the account stays behind the password). With JavaScript the
page sends a beacon here and replaces its own history entry; without it the button is a form
that posts here and is redirected out.

Every dynamic response is `Cache-Control: no-store` (certify.site.middleware.NoStoreMiddleware),
so Back after the exit asks the server again and finds nothing of the visit. The exit's answer
also tells the browser to delete what it holds of this site (CLEAR_SITE_DATA).
"""

from django.conf import settings
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from formtools.wizard.storage.session import SessionStorage

from certify.records.temp_uploads import TempUploadStorage
from certify.site.access import public

# The wizard's storage prefix (certify.site.wizard.views.PREFIX); the wizard imports this
# module's neighbours, not the other way round.
WIZARD_PREFIX = "certify_request"


def _from_this_site(request: HttpRequest) -> bool:
    """Django's own CSRF check (token and origin), or a browser that says the request comes
    from this site. Another site must not be able to sign people out."""
    if request.headers.get("Sec-Fetch-Site") == "same-origin":
        return True
    refusal = CsrfViewMiddleware(lambda r: HttpResponse()).process_view(
        request, lambda r: HttpResponse(), (), {}
    )
    return refusal is None


def forget_visit(request: HttpRequest) -> None:
    """Delete the wizard's temporary files, then end the session (and any sign-in)."""
    storage = SessionStorage(WIZARD_PREFIX, request, TempUploadStorage())
    storage.reset()
    for name in storage._tmp_files:
        storage.file_storage.delete(name)
    if request.user.is_authenticated:
        logout(request)
    else:
        request.session.flush()


# What the browser deletes of this site when the answer arrives, over HTTPS (W3C Clear Site
# Data, https://www.w3.org/TR/clear-site-data/): its cookies, its storage and its cache (in
# some browsers the pages kept for Back too). Without it the language chosen and the CSRF token
# would stay behind in the browser's list of sites with cookies. Cookies go for the whole
# registrable domain (every *.example.gov beside certify.example.gov), as the standard defines.
CLEAR_SITE_DATA = '"cache", "cookies", "storage"'


class LeaveResponse(HttpResponseRedirect):
    """A redirect to the neutral page, which may be on any site."""

    allowed_schemes = ["https", "http"]


@public
@csrf_exempt  # checked inside: a refused check must still let the person leave
@require_POST
def quick_exit(request: HttpRequest) -> HttpResponse:
    response = LeaveResponse(settings.QUICK_EXIT_URL)
    response.status_code = 303
    response["Referrer-Policy"] = "no-referrer"
    if _from_this_site(request):
        forget_visit(request)
        # Not for a post from another site: it could clear every cookie of the domain.
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
    return response
