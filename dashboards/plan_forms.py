"""The forms of the service gaps and the action plans (issue 15), rendered with crispy-bootstrap5.

They check what a person typed; the services (``territories.services.gaps``,
``indicators.plans``) write. Choice lists hold the territory's own organizations, corridors and
gaps only.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import ActionStatus
from territories.forms import population_choices
from territories.models import (
    GAP_DESCRIPTION_MAX,
    GapStatus,
    Need,
    Sector,
    ServiceGap,
)
from territories.project_forms import DateInput
from territories.validation import DataEntryRules


def sector_field(label) -> forms.ModelMultipleChoiceField:
    return forms.ModelMultipleChoiceField(
        label=label,
        queryset=Sector.objects.order_by("code"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )


class GapForm(DataEntryRules, forms.Form):
    need = forms.ChoiceField(label=_("Need"), choices=[("", "---------"), *Need.choices])
    population = forms.ChoiceField(
        label=_("Population"),
        choices=population_choices(),
        required=False,
    )
    description = forms.CharField(
        label=_("What is missing"),
        max_length=GAP_DESCRIPTION_MAX,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_(
            "At most 300 characters. Describe the service that is missing, never the family: "
            "no name, age, address, file number or detail that could identify anyone."
        ),
    )
    sectors = sector_field(_("Sectors concerned"))
    noticed_on = forms.DateField(label=_("Noticed on"), widget=DateInput())


class TriageForm(DataEntryRules, forms.Form):
    status = forms.ChoiceField(label=_("Status"), choices=GapStatus.choices)


class ActionForm(DataEntryRules, forms.Form):
    subject = forms.ChoiceField(label=_("What the action answers"))
    title = forms.CharField(
        label=_("Action"),
        max_length=200,
        help_text=_("The corridor to build or formalize, or what the table will do."),
    )
    sectors = sector_field(_("Sectors involved"))
    lead = forms.ModelChoiceField(label=_("Lead organization"), queryset=None, required=False)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())
    status = forms.ChoiceField(label=_("Status"), choices=ActionStatus.choices)
    corridor = forms.ModelChoiceField(
        label=_("Corridor produced"),
        queryset=None,
        required=False,
        help_text=_("The corridor the action built or formalized, once it exists."),
    )
    gaps = forms.ModelMultipleChoiceField(
        label=_("Service gaps answered"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, subjects, organizations, corridors, gaps, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["subject"].choices = [("", "---------"), *subjects]
        self.fields["lead"].queryset = organizations
        self.fields["corridor"].queryset = corridors
        self.fields["gaps"].queryset = gaps
        self.fields["gaps"].label_from_instance = gap_label


def gap_label(gap: ServiceGap) -> str:
    """« 2026-10-02 – Logement (Familles immigrantes) »: a gap in a choice list."""
    population = f" ({gap.get_population_display()})" if gap.population else ""
    return f"{gap.noticed_on:%Y-%m-%d} – {gap.get_need_display()}{population}"
