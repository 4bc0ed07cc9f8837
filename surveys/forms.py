"""Survey forms (rendered with crispy-bootstrap5): a campaign, the answers to a questionnaire
(online, with a code, or from paper), a batch of codes, a typed code. They check what a person
typed; the services (:mod:`surveys.services`) write."""

from __future__ import annotations

import calendar
from datetime import date

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from importing.formulas import refuse_formula
from surveys.models import Campaign, Question, SurveyKind
from surveys.questionnaire import SCALE, default_items, default_overall_item
from surveys.services.campaigns import MAX_BATCH
from territories.models import Project, Territory
from territories.project_forms import DateInput
from territories.validation import DataEntryRules


class CampaignForm(DataEntryRules, forms.Form):
    kind = forms.ChoiceField(
        label=_("Survey"), choices=SurveyKind.choices, widget=forms.RadioSelect
    )
    territory = forms.ModelChoiceField(label=_("Territory"), queryset=Territory.objects.none())
    project = forms.ModelChoiceField(
        label=_("Project (family survey)"),
        queryset=Project.objects.none(),
        required=False,
        help_text=_("A family survey is about one territorial project of the territory."),
    )
    name = forms.CharField(label=_("Name"), max_length=200)
    opens_on = forms.DateField(label=_("Opens on"), widget=DateInput())
    closes_on = forms.DateField(
        label=_("Closes on"),
        widget=DateInput(),
        help_text=_("Answers are taken until the end of this day; family codes expire then."),
    )
    items = forms.CharField(
        label=_("Items (one per line)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Statements answered from 1 (strongly disagree) to 5 (strongly agree). No open "
            "question: free text can identify a person."
        ),
    )
    overall_item = forms.CharField(
        label=_("Overall item"),
        max_length=300,
        help_text=_("The satisfaction indicators read this item's score."),
    )

    def __init__(self, *args, user, campaign: Campaign | None = None, **kwargs):
        initial = kwargs.pop("initial", {})
        if campaign is not None:
            questions = list(campaign.questions.all())
            initial |= {
                "kind": campaign.kind,
                "territory": campaign.territory_id,
                "project": campaign.project_id,
                "name": campaign.name,
                "opens_on": campaign.opens_on,
                "closes_on": campaign.closes_on,
                "items": "\n".join(q.text for q in questions if not q.overall),
                "overall_item": next((q.text for q in questions if q.overall), ""),
            }
        else:
            kind = initial.get("kind", SurveyKind.PAP)
            initial = {
                "kind": kind,
                "items": "\n".join(default_items(kind)),
                "overall_item": default_overall_item(kind),
            } | initial
        super().__init__(*args, initial=initial, **kwargs)
        territories = Territory.objects.for_user(user).order_by("code")
        self.fields["territory"].queryset = territories
        if campaign is None and not self.is_bound:
            mine = list(territories[:2])
            if len(mine) == 1:
                self.initial.setdefault("territory", mine[0].pk)
            today = timezone.localdate()
            self.initial.setdefault("opens_on", today)
            self.initial.setdefault("closes_on", _quarter_end(today))
        self.fields["project"].queryset = (
            Project.objects.for_user(user).select_related("territory").order_by("code")
        )
        if campaign is not None:
            for name in ("kind", "territory", "project"):
                self.fields[name].disabled = True
            if campaign.responses.exists():
                for name in ("items", "overall_item"):
                    self.fields[name].disabled = True
                    self.fields[name].help_text = _(
                        "People have answered: the questions can no longer change."
                    )

    def clean_items(self) -> str:
        items = self.cleaned_data["items"]
        if not self.fields["items"].disabled:  # questions answered already: kept as they are
            for line in items.splitlines():  # each line is a question of its own
                refuse_formula(line.strip())
        return items

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("kind") == SurveyKind.FAMILY and not cleaned.get("project"):
            self.add_error("project", _("Choose the project this family survey is about."))
        return cleaned

    def service_values(self) -> dict:
        data = self.cleaned_data
        return {
            "name": data["name"],
            "opens_on": data["opens_on"],
            "closes_on": data["closes_on"],
            "items": data["items"].splitlines(),
            "overall_item": data["overall_item"],
        }


def _quarter_end(day: date) -> date:
    """The last day of ``day``'s calendar quarter (June, September, December, March: the fiscal
    quarters end there too), the default closing day of a campaign opened on ``day``."""
    month = (day.month - 1) // 3 * 3 + 3
    return date(day.year, month, calendar.monthrange(day.year, month)[1])


class ScoresForm(DataEntryRules, forms.Form):
    """One radio group (1 to 5) per item of ``questions``; ``paper``: the day the questionnaire
    was filled, and items other than the overall one may stay blank."""

    def __init__(self, *args, questions: list[Question], paper: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        if paper:
            self.fields["submitted_on"] = forms.DateField(
                label=_("Date written on the questionnaire"),
                widget=DateInput(),
                initial=timezone.localdate,
            )
        for question in questions:
            required = question.overall or not paper
            choices = list(SCALE) if required else [("", _("No answer")), *SCALE]
            self.fields[f"q{question.pk}"] = forms.TypedChoiceField(
                label=question.text,
                choices=choices,
                coerce=int,
                empty_value=None,
                required=required,
                widget=forms.RadioSelect,
                error_messages={"required": _("Choose an answer from 1 to 5.")},
            )

    def scores(self) -> dict[int, int | None]:
        return {q.pk: self.cleaned_data.get(f"q{q.pk}") for q in self.questions}


class CodeBatchForm(DataEntryRules, forms.Form):
    count = forms.IntegerField(
        label=_("Number of codes"),
        min_value=1,
        max_value=MAX_BATCH,
        initial=20,
        help_text=_(
            "Two cards per line, ten per page. Print them right away: they are shown once."
        ),
    )


class CodeEntryForm(forms.Form):
    code = forms.CharField(
        label=_("Your code"),
        max_length=30,
        help_text=_("The code printed on your card, for example 7KQ2M-XH4RD."),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )
