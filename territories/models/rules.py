"""Rules shared by the territories models: codes, the province's reserved code, lists of
choices, date order, and the "active during a period" overlap."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _

from territories.access import ScopedQuerySet

PROVINCE_CODE = "QC"

code_validator = RegexValidator(
    r"^[A-Za-z0-9][A-Za-z0-9_-]*$",
    _("Use letters, digits, hyphens or underscores only."),
)


def validate_not_province(value: str) -> None:
    if value.strip().upper() == PROVINCE_CODE:
        raise ValidationError(
            _("The code “QC” is reserved for the province as a whole: it cannot be a territory."),
            code="reserved",
        )


def check_code_list(value: object) -> list[str]:
    """A JSON list of strings, each given once; returns it for item checks."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ValidationError(_("Give a list of codes."), code="invalid")
    if len(set(value)) != len(value):
        raise ValidationError(_("A value is given twice."), code="duplicate")
    return value


@deconstructible(path="territories.models.ChoiceListValidator")
class ChoiceListValidator:
    """Validates a JSON list whose items must come from ``choices``, each once."""

    def __init__(self, choices: type[models.TextChoices]):
        self.choices = choices

    def __call__(self, value: object) -> None:
        unknown = [item for item in check_code_list(value) if item not in self.choices.values]
        if unknown:
            raise ValidationError(
                _("Unknown value(s): %(values)s. Allowed: %(allowed)s."),
                code="unknown_choice",
                params={"values": ", ".join(unknown), "allowed": ", ".join(self.choices.values)},
            )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ChoiceListValidator) and other.choices is self.choices


def choices_check(field: str, choices: type[models.TextChoices], name: str):
    return models.CheckConstraint(condition=Q(**{f"{field}__in": choices.values}), name=name)


def date_order_check(start: str, end: str, name: str):
    return models.CheckConstraint(
        condition=Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gte": models.F(start)}),
        name=name,
        violation_error_message=_("The end date cannot come before the start date."),
    )


def overlaps(first: date, last: date | None, start: date, end: date) -> bool:
    """Whether [``first``, ``last``] (``last`` None: still going) overlaps [``start``, ``end``]:
    "active during" a period, for one row in hand (:meth:`ActiveDuringQuerySet.active_during`
    is the same rule in SQL)."""
    return first <= end and (last is None or last >= start)


class ActiveDuringQuerySet(ScopedQuerySet):
    """Rows with a start and an optional end date, filterable by overlap with a period."""

    start_field = "started_on"
    end_field = "ended_on"

    def active_during(self, start: date, end: date) -> ActiveDuringQuerySet:
        """Rows overlapping [start, end]: start ≤ end of period, end null or ≥ period start."""
        return self.filter(
            Q(**{f"{self.start_field}__lte": end}),
            Q(**{f"{self.end_field}__isnull": True}) | Q(**{f"{self.end_field}__gte": start}),
        )
