"""What the access policy knows about a signed-in person, kept in their session.

Without it every request of a signed-in person asks the database for their agency memberships
and designations (policy.staff_agency_ids, which decides who must use a second factor) and,
until the session is verified, for their second-factor devices: four queries on every page of
the wizard. The session keeps those answers with the person's access version
(certify.records.access_version); a change to a membership, a designation or a device moves
the version on in the database, so the next request of every session of that person, on any
host, sees a version that differs from the one kept and reads them again. Sessions are stored
encrypted on the server: a visitor cannot alter what is kept.
"""

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest, HttpResponseBase

from certify.records import policy
from certify.site.accounts import twofactor

SESSION_KEY = "certify_access"


def _kept(request: HttpRequest) -> dict[str, Any] | None:
    kept = request.session.get(SESSION_KEY)
    user = request.user
    if (
        isinstance(kept, dict)
        and kept.get("user") == user.pk
        and kept.get("version") == getattr(user, "access_version", None)
    ):
        return kept
    return None


def restore_or_read(request: HttpRequest) -> None:
    """Prime this request's policy lookups from the session, or read them and keep them."""
    user = request.user
    kept = _kept(request)
    if kept is not None:
        policy.remember_staff_agency_ids(user, set(kept["agencies"]))
        return
    request.session[SESSION_KEY] = {
        "user": user.pk,
        "version": user.access_version,  # type: ignore[union-attr]  # signed in: a User
        "agencies": sorted(policy.staff_agency_ids(user)),
        "device": twofactor.has_second_factor(user),
    }


def has_second_factor(request: HttpRequest) -> bool:
    """twofactor.has_second_factor for the request's user, from the session when it holds."""
    kept = _kept(request)
    if kept is not None:
        return bool(kept["device"])
    return twofactor.has_second_factor(request.user)


class AccessSnapshotMiddleware:
    """Place after AuthenticationMiddleware, before anything that asks the policy."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponseBase]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponseBase:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            restore_or_read(request)
        return self.get_response(request)
