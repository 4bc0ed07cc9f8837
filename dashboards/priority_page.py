"""The territory page's triggered priorities (``/territoires/<code>/``): why each is triggered
(the profile value, the reference, the threshold) and the corridors answering it, or the
sectors a corridor to build would usually link."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from indicators.compute.priorities import PRIORITY_FIELDS, priority_threshold
from referrals.models import Corridor, CorridorPriority
from territories.models import SocioHealthProfile
from territories.selectors import PROFILE_FIELDS, ProfileField, ReferenceProfile

# Which sectors a corridor answering each priority would usually link. The report reasons this
# way: B's youth-protection report rate calls for a corridor with youth protection (MSSS, whose
# DPJ receives the reports); C's children out of the childcare network, with migration, call for
# an immigration–community corridor (MIFI with the family sector, MFA, which runs the childcare
# network). Vulnerability at school entry (EQDEM) concerns the school (MEQ) and childcare (MFA).
# A suggestion for the territorial table, not a rule: the engine counts any corridor whose
# priorities include the triggered one (L5_ADAPTED_CORRIDORS).
PRIORITY_SECTORS: dict[str, tuple[str, ...]] = {
    "child_protection": ("MSSS",),
    "out_of_network": ("MFA",),
    "vulnerability": ("MEQ", "MFA"),
    "immigration": ("MIFI",),
}


@dataclass(frozen=True)
class TriggeredPriority:
    """A priority the territory's profile triggers, why, and the corridors answering it."""

    priority: str
    label: str
    field: ProfileField
    value: Decimal
    reference: Decimal
    threshold: Decimal  # reference × (1 + PRIORITY_MARGIN)
    corridors: list[Corridor]  # active corridors of the territory answering it
    suggested_sectors: tuple[str, ...]


def explain_priorities(
    *,
    priorities: list[str],
    profile: SocioHealthProfile | None,
    reference: ReferenceProfile | None,
    active_corridors: list[Corridor],
) -> list[TriggeredPriority]:
    """The priorities the engine triggered (``Results.priorities[code]``, decided by
    ``indicators.compute.priorities.triggered_priorities``) with the profile value, the
    reference and the threshold that explain each, and the active corridors whose priorities
    include it (none: the corridor is still to build). No query."""
    if profile is None or reference is None:
        return []
    fields = {field.name: field for field in PROFILE_FIELDS}
    labels = dict(CorridorPriority.choices)
    explained = []
    for priority in priorities:
        name = PRIORITY_FIELDS[priority]
        value, reference_value = getattr(profile, name), reference.values.get(name)
        if value is None or reference_value is None:  # the engine triggered nothing then
            continue
        explained.append(
            TriggeredPriority(
                priority=priority,
                label=str(labels.get(priority, priority)),
                field=fields[name],
                value=Decimal(value),
                reference=reference_value,
                threshold=priority_threshold(reference_value),
                corridors=[c for c in active_corridors if priority in (c.priorities or [])],
                suggested_sectors=PRIORITY_SECTORS.get(priority, ()),
            )
        )
    return explained
