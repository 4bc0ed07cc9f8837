"""The admin's widgets and list filters, through the user's scope (issue 16): a staff
coordinator's admin names no row of another territory — not in a filter, nor beside an id field
of a refused form."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.core.exceptions import ValidationError


class ScopedRawIdWidget(ForeignKeyRawIdWidget):
    """The admin's id field, whose label beside the box — also on a refused form — names only
    a row of the user's scope: Django's reads any row with that id."""

    def __init__(self, rel, admin_site, *, scoped, **kwargs):
        super().__init__(rel, admin_site, **kwargs)
        self.scoped = scoped

    def label_and_url_for_value(self, value):
        key = self.rel.get_related_field().name
        try:
            visible = self.scoped.filter(**{key: value}).exists()
        except (ValueError, ValidationError):
            visible = False
        return super().label_and_url_for_value(value) if visible else ("", "")


class ScopedRelatedFilter(admin.RelatedFieldListFilter):
    """A list filter on a related model offering only the rows the user may see."""

    def field_choices(self, field, request, model_admin):
        related = field.related_model
        if not hasattr(related.objects, "for_user"):
            return super().field_choices(field, request, model_admin)
        return [(row.pk, str(row)) for row in related.objects.for_user(request.user)]


def scoped_filter(model, spec):
    """``spec`` of ``list_filter``, with a related field's filter scoped."""
    if isinstance(spec, str) and "__" not in spec:
        field = model._meta.get_field(spec)
        if field.is_relation:
            return (spec, ScopedRelatedFilter)
    return spec
