"""The default questionnaires, drawn from the report's themes (levers 1, 3, 4 and 6): a few
Likert items (1 = strongly disagree … 5 = strongly agree) and exactly one overall item, last.

Campaigns copy them when they are created, so that a later change of wording here never changes
what was asked in a past campaign. No free-text question: free text can identify a person.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from surveys.models import SurveyKind

# The answer scale, shown beside each item.
SCALE = [
    (1, gettext_lazy("1 – Strongly disagree")),
    (2, gettext_lazy("2 – Disagree")),
    (3, gettext_lazy("3 – Neither agree nor disagree")),
    (4, gettext_lazy("4 – Agree")),
    (5, gettext_lazy("5 – Strongly agree")),
]

MAX_ITEMS = 12


def default_items(kind: str) -> list[str]:
    """The items other than the overall one, in the active language."""
    if kind == SurveyKind.PAP:
        return [
            _(
                "I understand the roles and mandates of the outreach workers of the other "
                "sectors in my territory."
            ),
            _("The other sectors understand my role and the limits of my mandate."),
            _("My organization supports me in my outreach work."),
            _("The supervision I receive helps me in my work with families."),
            _("Collaboration with the outreach workers of the other sectors works well."),
        ]
    return [
        _("I was welcomed with respect."),
        _("I did not have to tell my story again each time I was referred."),
        _("I got help quickly enough."),
        _("The services I was referred to met my needs."),
    ]


def default_overall_item(kind: str) -> str:
    """The overall item, in the active language."""
    if kind == SurveyKind.PAP:
        return _("Overall, I am satisfied with how my territory’s services work together.")
    return _("Overall, I am satisfied with the help I received through this project.")
