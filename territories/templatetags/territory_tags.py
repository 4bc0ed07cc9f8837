"""Labels for the codes stored in lists (mandate components, populations, priorities).

{% load territory_tags %}
{{ position.components|component_labels|join:", " }}
"""

from django import template

from referrals.models import CorridorPriority
from territories.models import MandateComponent, TargetPopulation

register = template.Library()


def _labels(codes, choices) -> list[str]:
    labels = dict(choices.choices)
    return [str(labels.get(code, code)) for code in codes or ()]


@register.filter
def component_labels(codes) -> list[str]:
    """``["outreach", "collaboration"]`` → their labels (Outreach, Collaboration), translated."""
    return _labels(codes, MandateComponent)


@register.filter
def population_labels(codes) -> list[str]:
    return _labels(codes, TargetPopulation)


@register.filter
def priority_labels(codes) -> list[str]:
    return _labels(codes, CorridorPriority)
