"""The pages around a request that are neither the wizard nor the workspace: home, the list of
requests, downloads, notices, deleting a request, sign-in and the error pages."""

from typing import Any

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from certify.records import audit, documents, policy, selectors
from certify.records.models import OPEN_STATUSES, Agency, AuditEntry, CertificationRequest, User
from certify.site.access import SignedInRequest, checked_inside, public, requires
from certify.site.accounts.ratelimit import limit_sign_in
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


@requires("certify.list_my_requests")
def request_list(request: SignedInRequest) -> HttpResponse:
    requests = selectors.listing_columns(
        policy.visible_requests(request.user).select_related("agency", "organisation")
    ).order_by(*selectors.DUE_ORDER)
    page = selectors.due_page(requests, after=request.GET.get("after", ""))
    next_page = f"after={page.next_after}" if page.next_after else ""
    return render(
        request, "certify/request_list.html", {"requests": page.rows, "next_page": next_page}
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
    redirect_authenticated_user = True

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
    notices = notices_for(request.user)[:100]
    return render(request, "certify/notice_list.html", {"notices": notices})


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
