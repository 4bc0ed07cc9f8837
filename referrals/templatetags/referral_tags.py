"""Labels for the codes a corridor stores in lists (the priorities it answers).

{% load referral_tags %}
{{ corridor.priorities|priority_labels|join:", " }}
"""

from django import template

from referrals.models import CorridorPriority
from territories.templatetags.territory_tags import code_labels

register = template.Library()


@register.filter
def priority_labels(codes) -> list[str]:
    return code_labels(codes, CorridorPriority)
