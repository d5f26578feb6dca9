"""Writing the audit trail."""

from django.db.models import Model
from django.http import HttpRequest

from certify.records.actors import AuditActor
from certify.records.client import client_ip
from certify.records.models import AuditEntry, User


def record(
    *,
    actor: AuditActor,
    action: str,
    obj: Model,
    request_reference: str = "",
    detail: str = "",
    reason: str = "",
    http_request: HttpRequest | None = None,
    system_label: str = "",
) -> AuditEntry:
    """Append one entry. `system_label` names a non-person actor (a management command) when
    `actor` is None; `reason` is why a person made a change they had to justify."""
    person = actor if isinstance(actor, User) and actor.is_authenticated else None
    label = person.email if person is not None else (system_label or "anonymous")
    entry: AuditEntry = AuditEntry.objects.create(
        actor_id=person.pk if person is not None else None,
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
    return entry
