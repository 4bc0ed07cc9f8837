"""The admin's widgets and list filters, through the user's scope (issue 16): a staff
coordinator's admin names no row of another territory — not in a filter, nor beside an id field
of a refused form."""

from __future__ import annotations

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.contrib.admin.widgets import ForeignKeyRawIdWidget
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from territories.access import territory_ids


def scoped_rows(model, user):
    """The rows of ``model`` the user may see, or None when the model is not scoped: a model
    with ``for_user``; users, through the territories they share with ``user``."""
    if hasattr(model.objects, "for_user"):
        return model.objects.for_user(user)
    if model is get_user_model():
        ids = territory_ids(user)
        everyone = model.objects.all()
        return everyone if ids is None else everyone.filter(territories__in=ids).distinct()
    return None


class ScopedForeignKeys:
    """For a ModelAdmin or an inline: every choice list and id field of a related model reads
    through the user's scope."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        rows = scoped_rows(db_field.related_model, request.user)
        if rows is not None:
            kwargs["queryset"] = rows
            if db_field.name in self.raw_id_fields:
                kwargs["widget"] = ScopedRawIdWidget(
                    db_field.remote_field, self.admin_site, scoped=rows
                )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        rows = scoped_rows(db_field.related_model, request.user)
        if rows is not None:
            kwargs["queryset"] = rows
        return super().formfield_for_manytomany(db_field, request, **kwargs)


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
        rows = scoped_rows(field.related_model, request.user)
        if rows is None:
            return super().field_choices(field, request, model_admin)
        return [(row.pk, str(row)) for row in rows]


def scoped_filter(model, spec):
    """``spec`` of ``list_filter`` (a field or a path, ``organization__territory``), with a
    related field's filter scoped."""
    if isinstance(spec, str):
        field = get_fields_from_path(model, spec)[-1]
        if field.is_relation:
            return (spec, ScopedRelatedFilter)
    return spec
