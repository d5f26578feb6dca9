"""Every view declares who may reach it; the URL-by-role test reads these declarations."""

from collections.abc import Callable
from functools import wraps
from typing import Concatenate, ParamSpec, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db.models import Model
from django.http import HttpRequest, HttpResponseBase

from certify.records.models import User

# The attribute each view carries: "public", or the permission (certify.records.policy) it needs.
ACCESS_ATTRIBUTE = "certify_access"

P = ParamSpec("P")
V = TypeVar("V", bound=Callable[..., HttpResponseBase])


class SignedInRequest(HttpRequest):
    """A request that `requires` or `checked_inside` let through: someone is signed in."""

    user: User


# A view that needs someone signed in, and the same view as the URLconf calls it.
SignedInView = Callable[Concatenate[SignedInRequest, P], HttpResponseBase]
GuardedView = Callable[Concatenate[HttpRequest, P], HttpResponseBase]


def declare(view: V, access: str) -> V:
    setattr(view, ACCESS_ATTRIBUTE, access)
    return view


def public(view: V) -> V:
    """No sign-in needed: the page shows nothing personal."""
    return declare(view, "public")


def requires(
    permission: str, obj: Callable[..., Model | None] | None = None
) -> Callable[[SignedInView[P]], GuardedView[P]]:
    """Sign-in and `permission` (from certify.records.policy), optionally on the object
    `obj(request, **kwargs)` returns. Anonymous users go to sign-in; others without it get 403."""

    def decorator(view: SignedInView[P]) -> GuardedView[P]:
        @wraps(view)
        def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
            if not isinstance(request.user, User):
                return redirect_to_login(request.get_full_path())
            target = obj(request, **kwargs) if obj is not None else None
            if not request.user.has_perm(permission, target):
                raise PermissionDenied
            return view(_signed_in(request), *args, **kwargs)

        return declare(wrapper, permission)

    return decorator


def checked_inside(permission: str) -> Callable[[SignedInView[P]], GuardedView[P]]:
    """The view reads through certify.records.selectors, which check `permission` on the object
    itself (and answer 404 rather than 403, so references cannot be probed)."""

    def decorator(view: SignedInView[P]) -> GuardedView[P]:
        @wraps(view)
        def wrapper(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponseBase:
            if not isinstance(request.user, User):
                return redirect_to_login(request.get_full_path())
            return view(_signed_in(request), *args, **kwargs)

        return declare(wrapper, permission)

    return decorator


def _signed_in(request: HttpRequest) -> SignedInRequest:
    # The same object; the callers have just checked that its user is a signed-in person.
    return cast(SignedInRequest, request)
