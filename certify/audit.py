"""Writing the audit trail, and the only way views read a request's personal data."""

from django.http import Http404

from certify.models import AuditEntry, CertificationRequest, SupportingDocument
from certify.security.ratelimit import client_ip


def record(
    *,
    actor,
    action: str,
    obj,
    request_reference: str = "",
    detail: str = "",
    http_request=None,
) -> AuditEntry:
    authenticated = actor is not None and actor.is_authenticated
    return AuditEntry.objects.create(
        actor_id=actor.pk if authenticated else None,
        actor_label=actor.email if authenticated else "anonymous",
        action=action,
        object_type=type(obj).__name__,
        object_id=str(obj.pk),
        request_reference=request_reference,
        detail=detail,
        # The same address the lockout and rate limits count by: behind our own proxies the hop
        # they appended (TRUSTED_PROXY_COUNT), never a client-written X-Forwarded-For entry.
        ip_address=(client_ip(http_request) or None) if http_request is not None else None,
    )


def read_request(*, actor, reference: str, http_request=None) -> CertificationRequest:
    """Fetch a request for display: checks access, then writes the audit entry."""
    try:
        certification_request = CertificationRequest.objects.select_related(
            "agency", "organisation", "assigned_official__user"
        ).get(reference=reference)
    except CertificationRequest.DoesNotExist:
        raise Http404 from None
    if not actor.has_perm("certify.view_request", certification_request):
        # 404, not 403: a reference that exists must not be told apart from one that doesn't.
        raise Http404
    record(
        actor=actor,
        action=AuditEntry.Action.VIEW,
        obj=certification_request,
        request_reference=certification_request.reference,
        http_request=http_request,
    )
    return certification_request


def read_document(*, actor, reference: str, document_id: int, http_request=None):
    from certify import documents

    try:
        document = SupportingDocument.objects.select_related("request").get(
            pk=document_id, request__reference=reference
        )
    except SupportingDocument.DoesNotExist:
        raise Http404 from None
    if not actor.has_perm("certify.download_document", document.request):
        raise Http404
    content = documents.read_content(document)
    record(
        actor=actor,
        action=AuditEntry.Action.DOWNLOAD,
        obj=document,
        request_reference=document.request.reference,
        http_request=http_request,
    )
    return document, content
