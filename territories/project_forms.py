"""Forms of territorial projects and socio-health profiles (rendered with crispy-bootstrap5).

They check what a person typed; the services (:mod:`territories.services.projects`) write.
Numbers are read like the import reads them (DESIGN.md section 7): a decimal comma or point,
spaces between thousands, rounded half-up to two decimals.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from importing.cells import decimal, integer
from importing.problems import CellError
from territories.models import Project, SocioHealthProfile
from territories.validation import DataEntryRules


def add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """A service's refusal next to the fields it names, else above the form."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error)
        return
    for name, errors in error.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs, format="%Y-%m-%d")


class ProjectForm(DataEntryRules, forms.ModelForm):
    class Meta:
        model = Project
        fields = ["code", "name", "started_on", "ended_on", "supported"]
        widgets = {"started_on": DateInput(), "ended_on": DateInput()}
        labels = {
            "code": _("Code"),
            "name": _("Name"),
            "started_on": _("Start date"),
            "ended_on": _("End date"),
            "supported": _("Supported project"),
        }
        help_texts = {
            "code": _("Letters, digits, hyphens or underscores, e.g. A-PRJ-4."),
            "ended_on": _("Leave empty while the project goes on."),
            "supported": _("Tick when the project receives support for arrimage."),
        }

    def __init__(self, *args, territory, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.territory = territory  # the model's checks need it

    def clean(self):
        cleaned = super().clean()
        started_on, ended_on = cleaned.get("started_on"), cleaned.get("ended_on")
        if started_on and ended_on and ended_on < started_on:
            self.add_error("ended_on", _("The end date cannot come before the start date."))
        return cleaned

    def service_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class QuebecNumberField(forms.CharField):
    """A number typed the Quebec way (``41,35``, ``1 234``); empty: unknown (``None``)."""

    def __init__(self, *, parser, whole: bool = False, **kwargs):
        self.parser = parser
        self.whole = whole
        super().__init__(required=False, **kwargs)
        self.widget.attrs.update({"inputmode": "numeric" if whole else "decimal"})

    def prepare_value(self, value):
        if isinstance(value, Decimal):
            return f"{value:f}".replace(".", ",")
        return value

    def clean(self, value):
        text = super().clean(value).strip()
        if not text:
            return None
        try:
            return self.parser(text)
        except CellError as error:
            raise ValidationError(str(error), code="invalid") from None


def _percent(label) -> QuebecNumberField:
    return QuebecNumberField(
        parser=decimal(2, 0, 100), label=label, help_text=_("A percentage, 0 to 100.")
    )


class ProfileForm(DataEntryRules, forms.Form):
    """The five values of a socio-health profile (any may stay empty: unknown)."""

    screenings_agir_tot = QuebecNumberField(
        parser=integer(0, 2_147_483_647),
        whole=True,
        label=_("Children screened by Agir tôt"),
        help_text=_("A number of children."),
    )
    reports_per_1000 = QuebecNumberField(
        parser=decimal(2, 0, 1000),
        label=_("Youth-protection reports per 1,000 children aged 0–17"),
        help_text=_("A rate per 1,000, e.g. 41,35."),
    )
    out_of_network_pct = _percent(_("Children 0–4 in no childcare service (%)"))
    vulnerable_eqdem_pct = _percent(_("Children vulnerable in at least one EQDEM domain (%)"))
    immigrant_families_pct = _percent(_("Immigrant families (%)"))
    illustrative = forms.BooleanField(
        required=False,
        label=_("Illustrative figures"),
        help_text=_("Tick when the figures are invented for a demonstration."),
    )
    source = forms.CharField(
        required=False,
        max_length=300,
        label=_("Source"),
        help_text=_("Where the figures come from (a report, a survey and its year)."),
    )

    @classmethod
    def for_profile(cls, profile: SocioHealthProfile | None, data=None) -> ProfileForm:
        initial = {}
        if profile is not None:
            initial = {name: getattr(profile, name) for name in cls.base_fields}
        return cls(data, initial=initial)
