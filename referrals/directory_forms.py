"""The directory's search form (``referrals.directory_views``): a population and/or a need,
each a list with an empty choice. Its parameters keep the French words of the gaps page's
address (``?besoin=…&population=…``), which the « nobody » answer links to."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from territories.forms import population_choices
from territories.models import Need


class DirectorySearchForm(forms.Form):
    population = forms.ChoiceField(
        label=_("The family is part of this population"),
        choices=population_choices(),
        required=False,
    )
    besoin = forms.ChoiceField(
        label=_("The family has this need"),
        choices=[("", _("Any need")), *Need.choices],
        required=False,
    )

    def criteria(self) -> dict[str, str | None] | None:
        """``{"population": …, "need": …}`` (None for an empty choice) when the form is valid
        and names at least one; else None (nothing to search)."""
        if not self.is_bound or not self.is_valid():
            return None
        population = self.cleaned_data["population"] or None
        need = self.cleaned_data["besoin"] or None
        if population is None and need is None:
            return None
        return {"population": population, "need": need}
