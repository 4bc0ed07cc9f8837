"""Forms of organizations, PAP positions and assignments. They read and check what is typed;
``territories.services.positions`` writes, and its messages come back next to their field
(``territories.validation.add_service_errors``)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django import forms
from django.utils.translation import gettext_lazy as _

from territories.models import (
    Assignment,
    MandateComponent,
    Need,
    Organization,
    Position,
    Role,
    Sector,
    TargetPopulation,
    Territory,
    User,
)
from territories.validation import DataEntryRules

if TYPE_CHECKING:
    from territories.models import User as UserType


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class LabelledChoiceField(forms.ModelChoiceField):
    """Options read « code – name »."""

    def label_from_instance(self, obj) -> str:
        return f"{obj.code} – {obj.name}"


CODE_HELP = _("Letters, digits, hyphens or underscores; it cannot change afterwards.")


class OrganizationForm(DataEntryRules, forms.Form):
    code = forms.CharField(label=_("Code"), max_length=30, help_text=CODE_HELP)
    name = forms.CharField(label=_("Name"), max_length=200)
    sector = LabelledChoiceField(label=_("Sector"), queryset=Sector.objects.all())
    entry_point = forms.CharField(
        label=_("Entry point"),
        max_length=200,
        required=False,
        help_text=_(
            "How families and partners reach the organization: a service, a desk, a general "
            "number; never a person's private data."
        ),
    )

    def __init__(self, *args, organization: Organization | None = None, **kwargs):
        if organization is not None:
            kwargs.setdefault(
                "initial",
                {
                    "name": organization.name,
                    "sector": organization.sector_id,
                    "entry_point": organization.entry_point,
                },
            )
        super().__init__(*args, **kwargs)
        if organization is not None:
            del self.fields["code"]


class PositionForm(DataEntryRules, forms.Form):
    organization = LabelledChoiceField(
        label=_("Organization"), queryset=Organization.objects.none()
    )
    code = forms.CharField(label=_("Code"), max_length=30, help_text=CODE_HELP)
    title = forms.CharField(label=_("Title"), max_length=200)
    opened_on = forms.DateField(label=_("Opened on"), widget=DateInput())
    closed_on = forms.DateField(
        label=_("Closed on"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: the position is open."),
    )
    components = forms.MultipleChoiceField(
        label=_("Mandate components"),
        choices=MandateComponent.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The shared reference framework asks for the components it requires."),
    )
    populations = forms.MultipleChoiceField(
        label=_("Target populations"),
        choices=TargetPopulation.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    limits = forms.MultipleChoiceField(
        label=_("Needs outside the mandate"),
        choices=Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "What the position does not take on: the territory's directory sends families "
            "with these needs elsewhere."
        ),
    )
    limits_note = forms.CharField(
        label=_("Limits of the mandate"),
        max_length=200,
        required=False,
        help_text=_("A short note on what the position does not do; never a person's name."),
    )

    def __init__(
        self,
        *args,
        user: UserType,
        territory: Territory,
        position: Position | None = None,
        **kwargs,
    ):
        if position is not None:
            kwargs.setdefault(
                "initial",
                {
                    "organization": position.organization_id,
                    "title": position.title,
                    "opened_on": position.opened_on,
                    "closed_on": position.closed_on,
                    "components": position.components or [],
                    "populations": position.populations or [],
                    "limits": position.limits or [],
                    "limits_note": position.limits_note,
                },
            )
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = (
            Organization.objects.for_user(user).filter(territory=territory).order_by("code")
        )
        if position is not None:
            del self.fields["code"]


class UserChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.username


class AssignmentForm(DataEntryRules, forms.Form):
    person = forms.CharField(
        label=_("Person (pseudonymous label)"),
        max_length=100,
        help_text=_("A label such as “PAP-A-3”, never a name."),
    )
    user = UserChoiceField(
        label=_("User account (optional)"),
        queryset=User.objects.none(),
        required=False,
        help_text=_("The PAP's Arrimage account, if they have one."),
    )
    started_on = forms.DateField(label=_("Started on"), widget=DateInput())
    ended_on = forms.DateField(
        label=_("Departure (ended on)"),
        required=False,
        widget=DateInput(),
        help_text=_("Empty: still in the position. A departure counts in the turnover."),
    )

    def __init__(self, *args, territory: Territory, assignment: Assignment | None = None, **kwargs):
        if assignment is not None:
            kwargs.setdefault("initial", initial_of(assignment))
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = User.objects.filter(
            territories=territory, role=Role.PAP, is_active=True
        ).order_by("username")
        self.fields["person"].widget.attrs.update(autocomplete="off", spellcheck="false")


def initial_of(assignment: Assignment) -> dict[str, Any]:
    return {
        "person": assignment.person,
        "user": assignment.user_id,
        "started_on": assignment.started_on,
        "ended_on": assignment.ended_on,
    }
