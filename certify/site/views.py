"""The pages around a request that are neither the wizard nor the workspace: home, the list of
requests, downloads, notices, deleting a request, sign-in and the error pages."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from certify.records import audit, documents, policy, selectors
from certify.records.models import (
    OPEN_STATUSES,
    Agency,
    AuditEntry,
    CertificationRequest,
    Organisation,
    User,
)
from certify.site.access import SignedInRequest, checked_inside, public, requires
from certify.site.accounts.forms import SignInForm
from certify.site.accounts.ratelimit import limit_sign_in
from certify.site.caseload import CaseloadFilterForm, list_form_data
from certify.site.languages import use_language
from certify.site.wizard import views as wizard_views
from forms.fill import UndrawableText
from workflows import retention
from workflows.notices import mark_read, notices_for
from workflows.packet import build_packet


def _role_summary(user: User) -> dict[str, Any]:
    return {
        "is_advocate": bool(policy.organisation_ids(user)),
        "staff_agency_ids": policy.staff_agency_ids(user),
        "lead_agency_ids": policy.lead_agency_ids(user),
    }


@public
def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not isinstance(user, User):
        return render(request, "certify/home_public.html")
    roles = _role_summary(user)
    context: dict[str, Any] = {"roles": roles}
    if roles["lead_agency_ids"]:
        context["lead_agencies"] = Agency.objects.filter(pk__in=roles["lead_agency_ids"])
    managed = policy.managed_organisation_ids(user)
    if managed:
        context["managed_organisations"] = Organisation.objects.filter(pk__in=managed)
    if roles["staff_agency_ids"]:
        context["queue"] = (
            policy.visible_requests(user)
            .filter(agency_id__in=roles["staff_agency_ids"], status__in=OPEN_STATUSES)
            .select_related("agency")
            .order_by("due_date", "submitted_at")[:10]
        )
    else:
        context["recent"] = policy.visible_requests(user).select_related("agency")[:10]
    return render(request, "certify/home.html", context)


def _after(request: HttpRequest) -> str:
    """The key of the page asked for: posted with the filters, or in a filters-only link."""
    return request.POST.get("after") or request.GET.get("after", "")


@requires("certify.list_my_requests")
def request_list(request: SignedInRequest) -> HttpResponse:
    """The person's requests (an advocate's: the organisation's caseload), with the client's
    name, a search by name or reference, filters, sorting and keyset pages."""
    user = request.user
    form = CaseloadFilterForm(
        list_form_data(request, search_field="q"), agencies=selectors.caseload_agencies(user)
    )
    filters = form.filters()
    requests = selectors.caseload_for(user=user, filters=filters)
    page = selectors.sorted_page(requests, sort=filters.sort, after=_after(request))
    selectors.record_names_shown(actor=user, rows=page.rows, http_request=request)
    return render(
        request,
        "certify/request_list.html",
        {
            "form": form,
            "requests": page.rows,
            "next_after": page.next_after,
            "searched": bool(filters.search),
            "show_names": True,
            "drafts": policy.visible_requests(user)
            .filter(status=CertificationRequest.Status.DRAFT, created_by=user)
            .exists(),
        },
    )


@never_cache
@checked_inside("certify.download_document")
def document_download(request: SignedInRequest, reference: str, document_id: int) -> HttpResponse:
    document, content = selectors.access_document(
        actor=request.user, reference=reference, document_id=document_id, http_request=request
    )
    response = HttpResponse(content, content_type=document.content_type)
    response["Content-Disposition"] = f'attachment; filename="{documents.download_name(document)}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@public
@require_GET
@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = "ok"
    except Exception:  # noqa: BLE001 - any failure means the database is not usable
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return JsonResponse(
        {"status": "ok" if status == 200 else "error", "database": database}, status=status
    )


class SignInView(auth_views.LoginView):
    template_name = "certify/sign_in.html"
    form_class = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        user = form.get_user()
        return (
            use_language(response, user.preferred_language) if isinstance(user, User) else response
        )

    def get_default_redirect_url(self) -> str:
        """Without a page to go back to, a requester whose latest work is a draft goes on with
        it, at the step where it stopped, whatever device they signed in on."""
        resume = wizard_views.where_to_resume(self.request.user)
        return resume or super().get_default_redirect_url()


class SignOutView(auth_views.LogoutView):
    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        response = super().post(request, *args, **kwargs)
        messages.success(request, _("You are signed out."))
        return response


sign_in = public(limit_sign_in(SignInView.as_view()))
sign_out = public(SignOutView.as_view())


def error_403(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "403.html", status=403)


def error_404(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "404.html", status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    return render(request, "500.html", status=500)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form refused by the CSRF check (often a page left open past the session), in the
    visitor's language: Django's own page is English only."""
    return render(request, "403_csrf.html", status=403)


NOTICES_PER_PAGE = 50


@requires("certify.view_notices")
def notice_list(request: SignedInRequest) -> HttpResponse:
    if request.method == "POST":
        # Plain ASCII digits of a size a database id can have ("²" is a digit to isdigit()).
        ids = [
            int(value)
            for value in request.POST.getlist("notice")
            if value.isascii() and value.isdigit() and len(value) <= 18
        ]
        marked = mark_read(request.user, ids)
        if marked:
            messages.success(request, _("Marked as read."))
        return redirect("notice_list")
    notices = notices_for(request.user).order_by("-id")
    before = request.GET.get("before", "")
    if before.isascii() and before.isdigit() and len(before) <= 18:
        notices = notices.filter(id__lt=int(before))
    page = list(notices[: NOTICES_PER_PAGE + 1])
    more = len(page) > NOTICES_PER_PAGE
    page = page[:NOTICES_PER_PAGE]
    return render(
        request,
        "certify/notice_list.html",
        {"notices": page, "older": page[-1].pk if more else None},
    )


@never_cache
@checked_inside("certify.download_packet")
def packet_download(request: SignedInRequest, reference: str) -> HttpResponse:
    """The printable packet for an agency that does not receive requests through certify."""
    certification_request = selectors.access_request(
        actor=request.user, reference=reference, http_request=request
    )
    if not request.user.has_perm("certify.download_packet", certification_request):
        raise Http404
    try:
        pdf = build_packet(certification_request)
    except UndrawableText as refused:
        messages.error(
            request,
            _(
                "%(where)s contains characters the form cannot print. Ask certify to correct "
                "the name in Latin letters, as on the victim's documents."
            )
            % {"where": refused.where},
        )
        return redirect("request_detail", reference=certification_request.reference)
    audit.record(
        actor=request.user,
        action=AuditEntry.Action.EXPORT,
        obj=certification_request,
        request_reference=certification_request.reference,
        detail="packet",
        http_request=request,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{certification_request.reference}-packet.pdf"'
    )
    return response


@never_cache
@checked_inside("certify.delete_request_now")
def delete_request(request: SignedInRequest, reference: str) -> HttpResponse:
    """A requester deletes a draft or a withdrawn request at once, without waiting for the
    retention period. Anyone else gets 404, as for a reference that does not exist."""
    try:
        certification_request = CertificationRequest.objects.get(reference=reference)
    except CertificationRequest.DoesNotExist:
        raise Http404 from None
    if not request.user.has_perm("certify.delete_request_now", certification_request):
        raise Http404
    if request.method == "POST":
        retention.delete_now(certification_request, actor=request.user, http_request=request)
        messages.success(request, _("The request and its personal details were deleted."))
        return redirect("request_list")
    return render(request, "certify/delete_request.html", {"req": certification_request})
