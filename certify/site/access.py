"""Every view declares who may reach it; the URL-by-role test reads these declarations."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied


def public(view):
    """No sign-in needed: the page shows nothing personal."""
    view.certify_access = "public"
    return view


def requires(permission: str, obj=None):
    """Sign-in and `permission` (from certify.records.policy), optionally on the object
    `obj(request, **kwargs)` returns. Anonymous users go to sign-in; others without it get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            target = obj(request, **kwargs) if obj is not None else None
            if not request.user.has_perm(permission, target):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        wrapper.certify_access = permission
        return wrapper

    return decorator


def checked_inside(permission: str):
    """The view reads through certify.records.selectors, which check `permission` on the object
    itself (and answer 404 rather than 403, so references cannot be probed)."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            return view(request, *args, **kwargs)

        wrapper.certify_access = permission
        return wrapper

    return decorator
