"""Validation shared by the data-entry services and their forms: checking a row with the rules
a user can fix named by field, putting a service's ``ValidationError`` back on the form that
called it (each message next to its field, the rest above the form), and the rules every
data-entry form follows (:class:`DataEntryRules`)."""

from __future__ import annotations

from collections.abc import Mapping

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from importing.formulas import refuse_formula

# What a browser's form decoding leaves of bytes that are not in the page's encoding (UTF-8):
# the text lost characters, so it is not what the person typed.
REPLACEMENT_CHARACTER = "\ufffd"


def refuse_unreadable(value: object) -> None:
    if isinstance(value, str) and REPLACEMENT_CHARACTER in value:
        raise ValidationError(
            _("Some characters of this text could not be read (they show as �): type it again."),
            code="unreadable",
        )


TEXT_VALIDATORS = (refuse_formula, refuse_unreadable)


class DataEntryRules:
    """Mixed into every form that writes (``class XForm(DataEntryRules, forms.Form)``).

    - Each free-text field — a plain ``forms.CharField``, shown and enabled — refuses a text
      that starts with = + - @ (:mod:`importing.formulas`: the import's rule and message) and a
      text whose characters could not be decoded, each by its field. Subclasses of
      ``CharField`` that parse what is typed (numbers, journal cells) say themselves what they
      accept; choices, dates and numbers are not text. The checks are added when the form is
      cleaned, so fields that ``__init__`` adds get them too.
    - A hidden field's message goes above the form as well: crispy shows no box for it, and
      the person would see the form again with nothing said.

    Search and filter forms (GET) write nothing and do not use it; neither do the login form
    and a family's code, which keep nothing typed.
    """

    def full_clean(self) -> None:
        for field in self.fields.values():
            typed = not (field.disabled or field.widget.is_hidden)  # else not from the person
            if type(field) is forms.CharField and typed:
                # The form's own copy of the field (Django copies ``validators`` per form).
                field.validators.extend(v for v in TEXT_VALIDATORS if v not in field.validators)
        super().full_clean()
        for bound in self.hidden_fields():
            for message in self.errors.get(bound.name, ()):
                self.add_error(
                    None,
                    _(
                        "A value this page keeps hidden could not be read (%(error)s): reload "
                        "the page and try again."
                    )
                    % {"error": message},
                )


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
