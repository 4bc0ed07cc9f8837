"""Forms of the territories app: logging in, choosing a profile's fiscal year."""

from __future__ import annotations

import re

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

_FISCAL_YEAR_RE = re.compile(r"^\s*([0-9]{4})-([0-9]{4})\s*$")


class LoginForm(AuthenticationForm):
    """Django's authentication form with our labels and the browser hints for password managers."""

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The user name or the password is incorrect. Both are case-sensitive."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.update(
            {
                "class": "form-control",
                "autocomplete": "username",
                "autocapitalize": "none",
                "spellcheck": "false",
            }
        )
        self.fields["password"].widget.attrs.update(
            {"class": "form-control", "autocomplete": "current-password"}
        )


def fiscal_year_key(year: int) -> str:
    """``2023`` → ``"2023-2024"``."""
    return f"{year}-{year + 1}"


def parse_fiscal_year(key: str) -> int | None:
    """``"2023-2024"`` → ``2023``; anything else (``"2023-2025"``, ``"abc"``) → ``None``."""
    match = _FISCAL_YEAR_RE.match(key or "")
    if not match:
        return None
    start, end = int(match[1]), int(match[2])
    return start if end == start + 1 else None
