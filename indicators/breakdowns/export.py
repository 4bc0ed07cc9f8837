"""The breakdowns' download: the export's conventions (DESIGN.md section 7) with a scope, a
dimension and a group.

Columns ``scope,period,dimension,group,indicator,value,target,status,n``: ``scope`` is the
territory's code, ``QC`` when every territory is pooled, else the codes joined by ``+``;
``group`` the group's stable key (``corridor:A-C1``, ``none``, ``pair:MFA>MSSS``,
``immigrant:yes``, ``sector:MEQ``); values rounded half-up to 2 decimals with a point, the
untranslated status codes — like :mod:`indicators.export`, whose writers write these rows too
(``columns=COLUMNS``).
"""

from __future__ import annotations

from collections.abc import Iterable

from indicators.breakdowns.groups import Breakdown
from indicators.compute import select_territories, territory_codes
from indicators.export import round_value
from indicators.periods import Period
from territories.models import PROVINCE_CODE

COLUMNS = ("scope", "period", "dimension", "group", "indicator", "value", "target", "status", "n")


def scope_label(territories: Iterable[str]) -> str:
    """``A``; ``QC`` when ``territories`` are every territory; else ``A+B`` (one query)."""
    codes = territory_codes()
    selected = select_territories(codes, list(territories))
    if len(selected) > 1 and len(selected) == len(codes):
        return PROVINCE_CODE
    return "+".join(codes[territory_id] for territory_id in selected)


def export_breakdown_rows(
    breakdowns: list[Breakdown], *, period: Period, territories: list[str]
) -> list[dict[str, str]]:
    """A row per breakdown, group and indicator, in the breakdowns' order (strings)."""
    scope = scope_label(territories)
    return [
        {
            "scope": scope,
            "period": period.key,
            "dimension": breakdown.dimension,
            "group": group.key,
            "indicator": code,
            "value": "" if row.value is None else str(round_value(row.value)),
            "target": "" if row.target is None else str(row.target),
            "status": row.status,
            "n": "" if row.n is None else str(row.n),
        }
        for breakdown in breakdowns
        for group in breakdown.groups
        for code, row in ((code, group.rows[code]) for code in breakdown.indicators)
    ]
