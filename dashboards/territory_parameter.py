"""The territories a request asks for with ``?territoire=CODE`` (repeatable, any case), within
the user's scope: what the API and the breakdowns' download read."""

from __future__ import annotations

from django.http import Http404, HttpRequest

from dashboards.pages import visible_codes

TERRITORY_PARAMETER = "territoire"


class TerritoryNotVisible(Http404):
    """A code that names no territory the user may see: answered 404, exactly like a code that
    does not exist, so that the answer tells nothing of other territories."""

    def __init__(self, code: str) -> None:
        super().__init__()
        self.code = code


def asked_territories(request: HttpRequest) -> list[str]:
    """The codes asked for, in code order and spelled as stored; none asked: every territory the
    user may see (none for a user without territory). One query.

    Raises :class:`TerritoryNotVisible` (an ``Http404``) for the first code the user may not
    see.
    """
    visible = {code.casefold(): code for code in visible_codes(request.user)}
    asked = [code.strip() for code in request.GET.getlist(TERRITORY_PARAMETER) if code.strip()]
    for code in asked:
        if code.casefold() not in visible:
            raise TerritoryNotVisible(code)
    return sorted({visible[code.casefold()] for code in asked}) or sorted(visible.values())
