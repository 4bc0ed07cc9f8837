"""The filters of the audit trail and the access log (GET forms: a bad value is reported, and
the page shows every entry)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from territories.audit_display import type_choices
from territories.models import AuditAction


class DateRangeForm(forms.Form):
    user = forms.CharField(label=_("User name"), required=False, max_length=150)
    since = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    until = forms.DateField(
        label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self):
        data = super().clean()
        since, until = data.get("since"), data.get("until")
        if since and until and until < since:
            self.add_error("until", _("The end date cannot come before the start date."))
        return data

    def filter(self, queryset, *, user_field: str):
        """``queryset`` with the valid filters applied (all of them ignored when invalid)."""
        if not self.is_valid():
            return queryset
        data = self.cleaned_data
        if data.get("user"):
            queryset = queryset.filter(**{f"{user_field}__username__iexact": data["user"]})
        if data.get("since"):
            queryset = queryset.filter(at__date__gte=data["since"])
        if data.get("until"):
            queryset = queryset.filter(at__date__lte=data["until"])
        return queryset


class AuditFilterForm(DateRangeForm):
    object_type = forms.ChoiceField(label=_("Object"), required=False)
    action = forms.ChoiceField(
        label=_("Action"), required=False, choices=[("", _("All"))] + AuditAction.choices
    )
    field_order = ["object_type", "action", "user", "since", "until"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["object_type"].choices = [("", _("All")), *type_choices()]

    def filter(self, queryset, *, user_field: str = "actor"):
        queryset = super().filter(queryset, user_field=user_field)
        if not self.is_valid():
            return queryset
        for name in ("object_type", "action"):
            if self.cleaned_data.get(name):
                queryset = queryset.filter(**{name: self.cleaned_data[name]})
        return queryset
