"""``/territoires/<code>/recit/<indicator>/?periode=KEY``: a coordinator writes the story behind
one of the territory's numbers for a period (issue 15), shown beside the value on the territory
page and in its printed fiche. Coordinators of the territory and administrators; everyone else
gets 404, as on every data-entry page."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from dashboards import display
from dashboards.pages import PERIOD_PARAMETER, page_period
from indicators import registry, store
from indicators.models import IndicatorStory
from indicators.stories import STORY_MAX, write_story
from territories.access import data_entry_or_404, get_for_user_or_404
from territories.models import Territory
from territories.project_forms import add_service_errors
from territories.validation import DataEntryRules


class StoryForm(DataEntryRules, forms.Form):
    text = forms.CharField(
        label=gettext_lazy("The story behind the number"),
        required=False,
        max_length=STORY_MAX,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=gettext_lazy(
            "What happened, what is being done. At most 600 characters; leave empty to remove "
            "the story. Never write anything that could identify a family or a person."
        ),
    )


@login_required
def story_edit(request, code: str, indicator: str):
    data_entry_or_404(request.user)
    territory = get_for_user_or_404(Territory, request.user, code=code)
    if not registry.exists(indicator):
        raise Http404
    definition = registry.get(indicator)
    today = timezone.localdate()
    chosen = page_period(request.GET.get(PERIOD_PARAMETER), as_of=today)
    if chosen.error:
        raise Http404
    period = chosen.period
    story = IndicatorStory.objects.filter(
        territory=territory, indicator=indicator, period=period.key
    ).first()
    form = StoryForm(
        request.POST if request.method == "POST" else None,
        initial={"text": story.text if story else ""},
    )
    if request.method == "POST" and form.is_valid():
        try:
            write_story(
                actor=request.user,
                territory=territory,
                indicator=indicator,
                period=period,
                text=form.cleaned_data["text"],
                today=today,
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("The story is saved."))
            page = reverse("dashboards:territory", args=[territory.code])
            return redirect(f"{page}?{PERIOD_PARAMETER}={period.key}#levier-{definition.lever}")
    row = store.results(period, as_of=today, territories=[territory.code]).get(
        territory.code, indicator
    )
    context = {
        "territory": territory,
        "indicator": definition,
        "name": display.indicator_name(definition),
        "period": period,
        "value": display.format_value(row),
        "target": display.format_target(row.target, definition),
        "status": display.style(row),
        "form": form,
        "period_parameter": PERIOD_PARAMETER,
    }
    return render(request, "dashboards/story_form.html", context)
