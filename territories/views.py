"""Pages of the territories app: logging in and out, the list of territories."""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from territories import lockout, selectors
from territories.forms import LoginForm
from territories.redirects import local_address

REDIRECT_FIELD = "next"


def _safe_next(request) -> str | None:
    target = request.POST.get(REDIRECT_FIELD) or request.GET.get(REDIRECT_FIELD)
    return local_address(request, target)


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request):
    """``/connexion/``: throttled per user name and address, and per address
    (``territories.lockout``, django-axes)."""
    form = LoginForm(request, data=request.POST if request.method == "POST" else None)
    if request.method == "POST":
        username = request.POST.get("username", "")
        if AxesProxyHandler.is_locked(request, {"username": username}):
            return locked_out(request)
        if form.is_valid():
            lockout.clear_pair(request, username)
            auth_login(request, form.get_user())
            return redirect(_safe_next(request) or resolve_url(settings.LOGIN_REDIRECT_URL))
        # A failure that reaches a limit: axes' middleware answers with locked_out instead.
    context = {"form": form, "throttled": False, "next": _safe_next(request) or ""}
    return render(request, "registration/login.html", context)


def locked_out(request, response=None, credentials=None):
    """The login page saying, in French, that attempts are paused (``AXES_LOCKOUT_CALLABLE``):
    status 429, ``Retry-After``, the user name and ``next`` kept, no password."""
    username = request.POST.get("username", "")[:150]
    context = {
        "form": LoginForm(request, initial={"username": username}),
        "throttled": True,
        "retry_minutes": -(-settings.LOGIN_FAILURE_WINDOW_SECONDS // 60),
        "next": _safe_next(request) or "",
    }
    answer = render(request, "registration/login.html", context, status=429)
    answer["Retry-After"] = str(settings.LOGIN_FAILURE_WINDOW_SECONDS)
    return answer


@require_POST
def logout_view(request):
    """``/deconnexion/``: POST only (a link or an image cannot log anyone out)."""
    auth_logout(request)
    messages.success(request, _("You are logged out."))
    return redirect(settings.LOGOUT_REDIRECT_URL)


@login_required
def territory_list(request):
    territories = selectors.territories_for_list(user=request.user, as_of=timezone.localdate())
    return render(request, "territories/territory_list.html", {"territories": territories})
