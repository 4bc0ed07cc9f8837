"""Where a page may send the browser back to after a POST: the ``next`` address the page
carried. Only an address of this site is followed — a path such as ``/orientations/12/``,
never another host — and anything else (a word, a stray value) is ignored rather than handed
to Django's ``redirect``, which would look it up as a URL name and fail."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.http import url_has_allowed_host_and_scheme


def local_address(request: HttpRequest, target: str | None) -> str | None:
    """``target`` when it is a path of this site, else None."""
    if not target or not target.startswith("/"):
        return None
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed else None
