"""Writing the audit trail."""

from certify.records.client import client_ip
from certify.records.models import AuditEntry


def record(
    *,
    actor,
    action: str,
    obj,
    request_reference: str = "",
    detail: str = "",
    reason: str = "",
    http_request=None,
    system_label: str = "",
) -> AuditEntry:
    """Append one entry. `system_label` names a non-person actor (a management command) when
    `actor` is None; `reason` is why a person made a change they had to justify."""
    authenticated = actor is not None and actor.is_authenticated
    label = actor.email if authenticated else (system_label or "anonymous")
    return AuditEntry.objects.create(
        actor_id=actor.pk if authenticated else None,
        actor_label=label,
        action=action,
        object_type=type(obj).__name__,
        object_id=str(obj.pk),
        request_reference=request_reference,
        detail=detail[:200],
        reason=reason[:500],
        # The same address the lockout and rate limits count by: behind our own proxies the hop
        # they appended (TRUSTED_PROXY_COUNT), never a client-written X-Forwarded-For entry.
        ip_address=(client_ip(http_request) or None) if http_request is not None else None,
    )
