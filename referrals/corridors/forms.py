"""Forms of the corridor pages. They only read and check what is typed: the writes are
``referrals.corridors.services``'s, whose messages :func:`add_service_errors` puts back on the
form, next to their field."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from referrals.models import Corridor, CorridorPriority
from territories.models import Sector, Territory
from territories.validation import DataEntryRules

if TYPE_CHECKING:
    from territories.models import User

# The languages offered as checkboxes; any other ISO 639-1 code can be typed.
COMMON_LANGUAGES = (
    ("fr", _("French (fr)")),
    ("en", _("English (en)")),
    ("es", _("Spanish (es)")),
    ("ar", _("Arabic (ar)")),
    ("fa", _("Persian (fa)")),
    ("zh", _("Chinese (zh)")),
    ("pt", _("Portuguese (pt)")),
)
COMMON_CODES = [code for code, _label in COMMON_LANGUAGES]
LANGUAGE_CODE = re.compile(r"^[a-z]{2}$")

# The service's field names that the form names otherwise.
SERVICE_FIELDS = {"consent_languages": "languages"}


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class SectorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Sector) -> str:
        return f"{obj.code} – {obj.name}"


class CorridorForm(DataEntryRules, forms.Form):
    """A corridor's fields; ``territory`` and ``code`` only when it is created."""

    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    code = forms.CharField(
        label=_("Code"),
        max_length=30,
        help_text=_("A short, unique code: letters, digits, hyphens (e.g. A-MFA-MSSS)."),
    )
    from_sector = SectorChoiceField(label=_("From sector"), queryset=Sector.objects.all())
    to_sector = SectorChoiceField(label=_("To sector"), queryset=Sector.objects.all())
    entry_point = forms.CharField(
        label=_("Entry point"),
        max_length=200,
        required=False,
        help_text=_("The defined entry point: a service or a role, not a person's name."),
    )
    target_delay_days = forms.IntegerField(
        label=_("Target delay (days)"),
        required=False,
        min_value=0,
        max_value=365,
        help_text=_("Days between the referral and the taking in charge. Empty: none set."),
    )
    languages = forms.MultipleChoiceField(
        label=_("Consent forms exist in"),
        choices=COMMON_LANGUAGES,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    other_languages = forms.CharField(
        label=_("Other languages"),
        required=False,
        max_length=100,
        help_text=_("Other two-letter ISO 639-1 codes, separated by commas (e.g. it, vi)."),
    )
    transfer_template = forms.BooleanField(label=_("A transfer form exists"), required=False)
    priorities = forms.MultipleChoiceField(
        label=_("Priorities answered"),
        choices=CorridorPriority.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    active_from = forms.DateField(label=_("Active from"), widget=DateInput())
    active_to = forms.DateField(
        label=_("Active until"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: still active. Ending a corridor is giving this date."),
    )

    def __init__(self, *args, user: User, corridor: Corridor | None = None, **kwargs):
        self.corridor = corridor
        if corridor is not None:
            kwargs.setdefault("initial", initial_of(corridor))
        super().__init__(*args, **kwargs)
        if corridor is None:
            territories = Territory.objects.for_user(user)
            self.fields["territory"].queryset = territories
            only = list(territories[:2])
            if len(only) == 1:  # a coordinator of one territory has nothing to choose
                self.fields["territory"].initial = only[0]
            self.fields["target_delay_days"].initial = 2  # DESIGN.md: forms propose 2 days
            self.fields["active_from"].initial = timezone.localdate()
        else:
            del self.fields["territory"]
            del self.fields["code"]
        self.fields["other_languages"].widget.attrs.update(autocomplete="off", spellcheck="false")

    def clean_other_languages(self) -> list[str]:
        typed = self.cleaned_data.get("other_languages", "")
        codes = [code.lower() for code in re.split(r"[\s,;]+", typed) if code]
        wrong = [code for code in codes if not LANGUAGE_CODE.match(code)]
        if wrong:
            raise ValidationError(
                _("Not a two-letter ISO 639-1 code: %(codes)s. Example: it, vi."),
                code="invalid",
                params={"codes": ", ".join(wrong)},
            )
        return codes

    def service_arguments(self) -> dict[str, Any]:
        """The cleaned values, named as the services name them."""
        data = dict(self.cleaned_data)
        languages = data.pop("languages", []) + data.pop("other_languages", [])
        data["consent_languages"] = list(dict.fromkeys(languages))  # each once, in order
        return data


def initial_of(corridor: Corridor) -> dict[str, Any]:
    """The form's values for an existing corridor: other languages typed out."""
    languages = corridor.consent_languages or []
    return {
        "from_sector": corridor.from_sector_id,
        "to_sector": corridor.to_sector_id,
        "entry_point": corridor.entry_point,
        "target_delay_days": corridor.target_delay_days,
        "languages": [code for code in languages if code in COMMON_CODES],
        "other_languages": ", ".join(code for code in languages if code not in COMMON_CODES),
        "transfer_template": corridor.transfer_template,
        "priorities": corridor.priorities or [],
        "active_from": corridor.active_from,
        "active_to": corridor.active_to,
    }


class EndCorridorForm(DataEntryRules, forms.Form):
    """The last day a corridor is active (prefixed: the page's other form has ``active_to``)."""

    prefix = "fin"

    active_to = forms.DateField(label=_("Last day of the corridor"), widget=DateInput())
