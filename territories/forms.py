"""Forms of the territories app: logging in."""

from __future__ import annotations

from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from territories.models import TargetPopulation


class LoginForm(AuthenticationForm):
    """Django's authentication form with our labels and the browser hints for password managers.

    ``templates/registration/login.html`` renders it with ``{{ form|crispy }}``
    (crispy-bootstrap5): Bootstrap classes, each field's errors under it, and the summary of
    the errors that belong to no field (a wrong password) announced as an alert.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("The user name or the password is incorrect. Both are case-sensitive."),
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("User name")
        self.fields["password"].label = _("Password")
        self.fields["username"].widget.attrs.update(
            {"autocomplete": "username", "autocapitalize": "none", "spellcheck": "false"}
        )
        self.fields["password"].widget.attrs.update({"autocomplete": "current-password"})


def population_choices():
    """A population to choose, or none: the gaps' and the directory's search forms."""
    return [("", _("Any population")), *TargetPopulation.choices]
