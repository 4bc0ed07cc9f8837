"""Template filters printing numbers and dates the Quebec way (see ``territories.formatting``).

    {% load quebec %}
    {{ profile.reports_per_1000|qc_decimal }}      19,64
    {{ profile.out_of_network_pct|qc_percent }}    31,4 %
    {{ count|qc_integer }}                         1 234 567
    {{ referral.referred_on|qc_date }}             2024-11-24

``None`` prints an em dash (``—``). A value that is not a number (or a date) is returned
unchanged, as Django's own filters do, rather than breaking the page.
"""

from django import template

from territories import formatting

register = template.Library()


def _places(arg, default: int) -> int:
    try:
        return int(arg)
    except (TypeError, ValueError):
        return default


@register.filter(is_safe=True)
def qc_decimal(value, places=2):
    """``{{ value|qc_decimal }}`` → ``19,64``; ``{{ value|qc_decimal:1 }}`` → ``19,6``."""
    try:
        return formatting.format_decimal(value, _places(places, 2))
    except (TypeError, ValueError):
        return value


@register.filter(is_safe=True)
def qc_percent(value, places=1):
    """``{{ 31.44|qc_percent }}`` → ``31,4 %`` (the value is in percent, not a ratio)."""
    try:
        return formatting.format_percent(value, _places(places, 1))
    except (TypeError, ValueError):
        return value


@register.filter(is_safe=True)
def qc_integer(value):
    """``{{ 1234567|qc_integer }}`` → ``1 234 567`` (rounded half-up)."""
    try:
        return formatting.format_integer(value)
    except (TypeError, ValueError):
        return value


@register.filter(is_safe=True)
def qc_date(value):
    """``{{ some_date|qc_date }}`` → ``2024-11-24``."""
    try:
        return formatting.format_date(value)
    except (TypeError, ValueError):
        return value


@register.filter(is_safe=True)
def qc_number(value, kind="decimal"):
    """``{{ value|qc_number:"percent" }}``: one filter for a value whose kind is data —
    ``"integer"``, ``"decimal"`` (2 places) or ``"percent"`` (1 place)."""
    formatter = {"integer": qc_integer, "percent": qc_percent}.get(kind, qc_decimal)
    return formatter(value)
