"""Writing the audit trail."""

from django.db.models import Model
from django.http import HttpRequest

from certify.records.actors import AuditActor
from certify.records.client import client_ip
from certify.records.models import AuditEntry


def record(
    *,
    actor: AuditActor,
    action: str,
    obj: Model,
    request_reference: str = "",
    detail: str = "",
    http_request: HttpRequest | None = None,
) -> AuditEntry:
    if actor is not None and actor.is_authenticated:
        actor_id, actor_label = actor.pk, actor.email
    else:
        actor_id, actor_label = None, "anonymous"
    return AuditEntry.objects.create(
        actor_id=actor_id,
        actor_label=actor_label,
        action=action,
        object_type=type(obj).__name__,
        object_id=str(obj.pk),
        request_reference=request_reference,
        detail=detail,
        # The same address the lockout and rate limits count by: behind our own proxies the hop
        # they appended (TRUSTED_PROXY_COUNT), never a client-written X-Forwarded-For entry.
        ip_address=(client_ip(http_request) or None) if http_request is not None else None,
    )
