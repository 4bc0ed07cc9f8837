"""Targets in force and the status a value gets against its target."""

from __future__ import annotations

from indicators import registry
from indicators.compute.results import MET, NO_TARGET, NOT_APPLICABLE, NOT_MET, SUPPRESSED
from indicators.compute.values import Value
from indicators.models import IndicatorTarget


def load_targets() -> tuple[
    dict[str, registry.Target | None], dict[tuple[int, str], registry.Target | None]
]:
    """Province-wide targets by indicator, and overrides by (territory id, indicator)."""
    province: dict[str, registry.Target | None] = {
        indicator.code: indicator.default_target for indicator in registry.INDICATORS
    }
    overrides: dict[tuple[int, str], registry.Target | None] = {}
    for target in IndicatorTarget.objects.all():
        if target.territory_id is None:
            province[target.indicator] = target.as_target()
        else:
            overrides[(target.territory_id, target.indicator)] = target.as_target()
    return province, overrides


def status_of(value: Value, target: registry.Target | None, suppressed: bool) -> str:
    """The status of ``value``: suppressed, not applicable, no target, met or not met."""
    if suppressed:
        return SUPPRESSED
    if value.value is None:
        return NOT_APPLICABLE
    if target is None:
        return NO_TARGET
    return MET if target.is_met_by(value.value) else NOT_MET
