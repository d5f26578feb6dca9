"""Re-authentication before consequential acts (signing or denying a certification).

The official workspace wraps the view that signs or denies::

    from certify.site.accounts.reauth import require_recent_authentication

    @checked_inside("certify.decide_request")
    @require_recent_authentication(max_age_seconds=300)
    def decide(request, reference): ...

A GET to such a view after more than `max_age_seconds` since the person last proved who they
are (password and, for staff, a second-factor code) is sent to the confirm-identity page and
then back. A POST that arrives too late is sent there too, and the form must be submitted
again: acting on a stale POST after re-authenticating would replay it without the person
seeing the page first. Apply the decorator to the GET that shows the confirmation too, so the
official confirms before filling it in.
"""

import time
from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, TypeVar
from urllib.parse import urlencode

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse

from certify.records.models import User

SESSION_KEY = "certify_authenticated_at"


def mark_authenticated(request: HttpRequest) -> None:
    request.session[SESSION_KEY] = int(time.time())


def seconds_since_authentication(request: HttpRequest) -> float:
    at = request.session.get(SESSION_KEY)
    if not isinstance(at, int):
        return float("inf")
    return time.time() - at


@receiver(user_logged_in, dispatch_uid="certify.site.accounts.reauth.mark")
def _mark_on_login(
    sender: type[User], request: HttpRequest | None, user: User, **kwargs: Any
) -> None:
    if request is not None and hasattr(request, "session"):
        mark_authenticated(request)


P = ParamSpec("P")
R = TypeVar("R", bound=HttpRequest)


def require_recent_authentication(
    max_age_seconds: int = 300,
) -> Callable[
    [Callable[Concatenate[R, P], HttpResponseBase]], Callable[Concatenate[R, P], HttpResponseBase]
]:
    def decorator(
        view: Callable[Concatenate[R, P], HttpResponseBase],
    ) -> Callable[Concatenate[R, P], HttpResponseBase]:
        @wraps(view)
        def wrapper(request: R, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
            if request.user.is_authenticated and (
                seconds_since_authentication(request) > max_age_seconds
            ):
                query = urlencode({"next": request.get_full_path()})
                return redirect(f"{reverse('reauthenticate')}?{query}")
            return view(request, *args, **kwargs)

        return wrapper

    return decorator
