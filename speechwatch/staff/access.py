"""Who may see and do what in the web application: role lookup and view decorators."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar, cast

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from django.http.response import HttpResponseBase

from speechwatch.audit.record import Who
from speechwatch.staff import roles as R

F = TypeVar("F", bound=Callable[..., HttpResponseBase])


def user_roles(user: Any) -> frozenset[str]:
    """The user's roles, cached on the user object for the request."""
    if not getattr(user, "is_authenticated", False) or not getattr(user, "is_active", False):
        return frozenset()
    cached = getattr(user, "_speechwatch_roles", None)
    if cached is None:
        names = list(user.groups.values_list("name", flat=True))
        cached = R.normalise_roles(names, is_superuser=bool(user.is_superuser))
        user._speechwatch_roles = cached
    return cast(frozenset[str], cached)


def has(request: HttpRequest, capability: str) -> bool:
    return R.can(user_roles(request.user), capability)


def who(request: HttpRequest) -> Who:
    return Who(user=request.user) if request.user.is_authenticated else Who(label="anonymous")  # type: ignore[arg-type]


def require(capability: str) -> Callable[[F], F]:
    """Anonymous → login page; signed in without the capability → 403."""

    def decorator(view: F) -> F:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not has(request, capability):
                raise PermissionDenied(capability)
            return view(request, *args, **kwargs)

        return cast(F, wrapped)

    return decorator
