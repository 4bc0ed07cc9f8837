"""Validation shared by the data-entry services and their forms: checking a row with the rules
a user can fix named by field, and putting a service's ``ValidationError`` back on the form
that called it (each message next to its field, the rest above the form)."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models


def full_clean_or_raise(instance: models.Model, errors: Mapping[str, str]) -> None:
    """``instance.full_clean()`` plus ``errors`` (checks a service made by field, e.g. an end
    before the start). When those are found, the table's constraints, which say the same
    without naming the field, are not checked again (the message would show twice)."""
    collected: dict[str, list] = {name: [message] for name, message in errors.items()}
    try:
        instance.full_clean(validate_constraints=not collected)
    except ValidationError as error:
        collected = error.update_error_dict(collected)
    if collected:
        raise ValidationError(collected)


def add_service_errors(
    form: forms.Form, error: ValidationError, *, fields: Mapping[str, str] | None = None
) -> None:
    """Add ``error`` to ``form``: a model field's messages go to the form field of the same name
    (or the one ``fields`` maps it to), messages for fields the form lacks go above it."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    renamed = fields or {}
    for name, messages in error.error_dict.items():
        target = renamed.get(name, name)
        if target == NON_FIELD_ERRORS or target not in form.fields:
            target = None
        form.add_error(target, messages)
