"""Texts a spreadsheet would run as a formula (OWASP « CSV injection »): a text that starts with
``=``, ``+``, ``-`` or ``@`` is refused wherever it could enter the database — by the import's
``text`` cells (:mod:`importing.cells`) and by every data-entry form
(:class:`territories.validation.DataEntryRules`) — so that none reaches someone's Excel later.
One rule, one message, here."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

FORMULA_STARTS = ("=", "+", "-", "@")

FORMULA_MESSAGE = _(
    "A text cannot start with =, +, - or @, which spreadsheets read as a formula: write it "
    "without that sign."
)


def refuse_formula(value: Any) -> None:
    """A form field's validator: refuses a text that starts like a formula (the field has
    already stripped the spaces around it, as the import does)."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        raise ValidationError(FORMULA_MESSAGE, code="formula")
