"""Access-checked reads: the only way pages reach a request's personal data.

Each fetches and checks in one step and answers a missing object and a forbidden one the same
way (404), so references cannot be probed. Every read writes its audit entry."""

from django.http import Http404, HttpRequest

from certify.records import audit, documents
from certify.records.actors import Visitor
from certify.records.models import AuditEntry, CertificationRequest, SupportingDocument


def access_request(
    *, actor: Visitor, reference: str, http_request: HttpRequest | None = None
) -> CertificationRequest:
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
    audit.record(
        actor=actor,
        action=AuditEntry.Action.VIEW,
        obj=certification_request,
        request_reference=certification_request.reference,
        http_request=http_request,
    )
    return certification_request


def access_document(
    *, actor: Visitor, reference: str, document_id: int, http_request: HttpRequest | None = None
) -> tuple[SupportingDocument, bytes]:
    try:
        document = SupportingDocument.objects.select_related("request").get(
            pk=document_id, request__reference=reference
        )
    except SupportingDocument.DoesNotExist:
        raise Http404 from None
    if not actor.has_perm("certify.download_document", document.request):
        raise Http404
    content = documents.read_content(document)
    audit.record(
        actor=actor,
        action=AuditEntry.Action.DOWNLOAD,
        obj=document,
        request_reference=document.request.reference,
        http_request=http_request,
    )
    return document, content
