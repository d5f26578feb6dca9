"""Health probes for load balancers and monitoring: JSON, no personal data, no sign-in.

/health/live answers while the process can run Python (no I/O); /health/ready runs the
readiness checks in certify.records.health and answers 503 naming each failing one. Both are
also answered by HealthProbeMiddleware before host validation and the HTTPS redirect, so a
probe over plain HTTP to the server's own address gets the same answer.
"""

from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from certify.records import health
from certify.site.access import public


@public
@require_safe
@never_cache
def live(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@public
@require_safe
@never_cache
def ready(request: HttpRequest) -> JsonResponse:
    results = health.readiness()
    failing = health.failing(results)
    return JsonResponse(
        {"status": "error" if failing else "ok", "checks": results, "failing": failing},
        status=503 if failing else 200,
    )
