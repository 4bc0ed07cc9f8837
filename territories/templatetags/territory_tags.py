"""Labels for the codes stored in lists (mandate components, target populations).

{% load territory_tags %}
{{ position.components|component_labels|join:", " }}
"""

from django import template

from territories.models import MandateComponent, TargetPopulation

register = template.Library()


def code_labels(codes, choices) -> list[str]:
    """The labels of ``choices`` for ``codes``, in order; an unknown code is shown as it is."""
    labels = dict(choices.choices)
    return [str(labels.get(code, code)) for code in codes or ()]


@register.filter
def component_labels(codes) -> list[str]:
    """``["outreach", "collaboration"]`` → their labels (Outreach, Collaboration), translated."""
    return code_labels(codes, MandateComponent)


@register.filter
def population_labels(codes) -> list[str]:
    return code_labels(codes, TargetPopulation)
