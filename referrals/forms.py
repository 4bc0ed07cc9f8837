"""Forms of the referral pages: entry and edit, quick actions, the list's filters.

Plain forms: the services (:mod:`referrals.services`) validate with the model's rules and the
views put each message next to its field (``form.add_error(None, error)``).
"""

from __future__ import annotations

from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from referrals.models import Corridor, ReferralStatus
from referrals.selectors import SORTS, ReferralFilters
from territories.fiscal_years import fiscal_year_key, parse_fiscal_year
from territories.models import Sector, Territory
from territories.validation import DataEntryRules


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


class UnechoedTextInput(forms.TextInput):
    """A text box that never renders a value (like ``PasswordInput``, in clear while typed): a
    family's file code is never written back into a page, not even after an error."""

    def get_context(self, name, value, attrs):
        return super().get_context(name, None, attrs)


class CorridorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Corridor) -> str:
        return f"{obj.territory.code} · {obj.code} ({obj.from_sector_id} → {obj.to_sector_id})"


def _corridors(user):
    return (
        Corridor.objects.for_user(user)
        .select_related("territory")
        .order_by("territory__code", "code")
    )


RETYPE_FAMILY_CODE = _(
    "For confidentiality, the family's file code is not shown again: type it again."
)


class ReferralForm(DataEntryRules, forms.Form):
    """A referral: the family by its file code (hashed by the service, never kept), then the
    referral's fields in the order a coordinator reads them off the file."""

    family_code = forms.CharField(
        label=_("Family file code"),
        max_length=100,
        help_text=_(
            "Your own file number for this family. It is never stored: Arrimage keeps a keyed "
            "hash of it and shows a short pseudonym."
        ),
        widget=UnechoedTextInput(
            attrs={"autocomplete": "off", "autofocus": True, "spellcheck": "false"}
        ),
    )
    immigrant = forms.TypedChoiceField(
        label=_("Immigrant family"),
        choices=[("", _("Don't change / unknown")), ("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        empty_value=None,  # the family's flag is left as recorded (a new family: not immigrant)
        required=False,
        widget=forms.RadioSelect,
        help_text=_("For a family already entered, “Don't change” keeps what was recorded."),
    )
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    from_sector = forms.ModelChoiceField(label=_("From sector"), queryset=Sector.objects.all())
    to_sector = forms.ModelChoiceField(label=_("To sector"), queryset=Sector.objects.all())
    corridor = CorridorChoiceField(
        label=_("Corridor"),
        queryset=Corridor.objects.none(),
        required=False,
        empty_label=_("No corridor"),
    )
    first_contact_on = forms.DateField(label=_("First contact on"), widget=DateInput())
    referred_on = forms.DateField(label=_("Referred on"), widget=DateInput())
    taken_in_charge_on = forms.DateField(
        label=_("Taken in charge on"),
        required=False,
        widget=DateInput(),
        help_text=_("A date here sets the status to “taken in charge”."),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=ReferralStatus.choices, initial=ReferralStatus.PENDING
    )
    closed_on = forms.DateField(label=_("Closed on"), required=False, widget=DateInput())
    consent = forms.NullBooleanField(
        label=_("Consent given"), required=False, widget=forms.NullBooleanSelect
    )
    consent_language = forms.CharField(
        label=_("Consent language"),
        max_length=2,
        required=False,
        help_text=_("ISO 639-1 code of the language consent was asked in: fr, en, es, ar, fa…"),
        widget=forms.TextInput(attrs={"size": 3, "autocomplete": "off"}),
    )
    interpreter = forms.BooleanField(label=_("Interpreter needed"), required=False)
    ref = forms.CharField(
        label=_("Reference"),
        max_length=50,
        required=False,
        help_text=_("Optional: left empty, Arrimage numbers the referral."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, user, editing: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._retype_asked = False
        territories = Territory.objects.for_user(user).order_by("code")
        self.fields["territory"].queryset = territories
        self.fields["corridor"].queryset = _corridors(user)
        self.fields["consent_language"].widget.attrs["pattern"] = "[a-z]{2}"
        if editing:
            field = self.fields["family_code"]
            field.required = False
            field.widget.attrs.pop("autofocus")
            field.help_text = _(
                "Leave empty to keep the family. Type a code to move the referral to that family."
            )
            self.fields["territory"].widget.attrs["autofocus"] = True
            self.order_fields(["territory", "from_sector", "to_sector", "corridor"])

    def add_error(self, field, error) -> None:
        """Any error re-displays the form with the family code box empty: when a code was
        typed, ask by the box to type it again (once)."""
        super().add_error(field, error)
        typed = (self.data.get(self.add_prefix("family_code")) or "").strip()
        if typed and not self._retype_asked:
            self._retype_asked = True
            super().add_error("family_code", RETYPE_FAMILY_CODE)

    def clean_consent_language(self) -> str:
        return (self.cleaned_data.get("consent_language") or "").strip().lower()

    def service_fields(self) -> dict:
        """The cleaned values as the services take them."""
        data = dict(self.cleaned_data)
        return {
            "family_code": data.pop("family_code") or "",
            "immigrant": data.pop("immigrant"),
            **{name: value for name, value in data.items() if name != "version"},
        }


class QuickActionForm(DataEntryRules, forms.Form):
    """One click on a referral: take in charge (a date, today by default), decline, mark lost,
    close. ``version`` is the referral's as the page showed it."""

    ACTIONS = {
        "take_in_charge": _("Taken in charge"),
        "decline": _("Declined"),
        "mark_lost": _("Lost"),
        "close": _("Close"),
    }
    action = forms.ChoiceField(choices=list(ACTIONS.items()))
    version = forms.IntegerField(min_value=1)
    on = forms.DateField(required=False, widget=DateInput(), label=_("On"))


def _fiscal_year_choices(today: date) -> list[tuple[str, str]]:
    current = today.year if today.month >= 4 else today.year - 1
    return [("", _("Any"))] + [
        (fiscal_year_key(year), fiscal_year_key(year)) for year in range(current, current - 5, -1)
    ]


class ReferralFilterForm(forms.Form):
    """The list's filters, read from the address (GET): nothing personal travels there."""

    territory = forms.ModelChoiceField(
        label=_("Territory"),
        queryset=Territory.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All")), *ReferralStatus.choices], required=False
    )
    from_sector = forms.ModelChoiceField(
        label=_("From sector"), queryset=Sector.objects.all(), required=False, empty_label=_("All")
    )
    to_sector = forms.ModelChoiceField(
        label=_("To sector"), queryset=Sector.objects.all(), required=False, empty_label=_("All")
    )
    corridor = CorridorChoiceField(
        label=_("Corridor"),
        queryset=Corridor.objects.none(),
        required=False,
        empty_label=_("All"),
    )
    fiscal_year = forms.ChoiceField(label=_("Fiscal year"), required=False)
    referred_from = forms.DateField(label=_("Referred from"), required=False, widget=DateInput())
    referred_to = forms.DateField(label=_("Referred until"), required=False, widget=DateInput())
    overdue = forms.BooleanField(label=_("To watch only"), required=False)
    sort = forms.ChoiceField(
        label=_("Sort"),
        required=False,
        choices=[
            ("-referred_on", _("Most recent referral first")),
            ("referred_on", _("Oldest referral first")),
            ("ref", _("Reference")),
            ("status", _("Status")),
            ("-days_waiting", _("Longest wait first")),
        ],
    )

    def __init__(self, *args, user, today: date | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        today = today or timezone.localdate()
        self.fields["territory"].queryset = Territory.objects.for_user(user).order_by("code")
        self.fields["corridor"].queryset = _corridors(user)
        self.fields["fiscal_year"].choices = _fiscal_year_choices(today)
        for field in self.fields.values():  # Bootstrap's classes (the template lays them out)
            widget = field.widget
            css = {"CheckboxInput": "form-check-input", "Select": "form-select"}
            widget.attrs["class"] = css.get(type(widget).__name__, "form-control")

    def clean_sort(self) -> str:
        sort = self.cleaned_data.get("sort") or "-referred_on"
        return sort if sort in SORTS else "-referred_on"

    def filters(self) -> ReferralFilters:
        """What the selector filters on; a bad filter (an unknown territory) filters nothing."""
        data = self.cleaned_data if self.is_valid() else {}
        start, end = data.get("referred_from"), data.get("referred_to")
        year = parse_fiscal_year(data.get("fiscal_year") or "")
        if year is not None:
            start = max(start or date(year, 4, 1), date(year, 4, 1))
            end = min(end or date(year + 1, 3, 31), date(year + 1, 3, 31))
        sector = data.get("from_sector"), data.get("to_sector")
        return ReferralFilters(
            territory=data.get("territory"),
            status=data.get("status") or None,
            from_sector=sector[0].pk if sector[0] else None,
            to_sector=sector[1].pk if sector[1] else None,
            corridor=data.get("corridor"),
            referred_from=start,
            referred_to=end,
            overdue=bool(data.get("overdue")),
            sort=data.get("sort") or "-referred_on",
        )
