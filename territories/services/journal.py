"""The monthly journal grid: a territory's month of PAP journal entries, read and written as
one grid of cells (one row per position, one column per kind; DESIGN.md section 4).

How a cell maps to journal rows (one row per position, date and kind), so that the indicator
engine reads exactly the grid's numbers (``indicators.compute.staffing`` sums the ``hours`` of
supervision rows and counts the rows of the other kinds):

- **hours** (supervision, co-development): the cell is the sum of the month's rows of that kind.
  Empty: no row. A changed total is kept on the month's earliest row (a new row is dated the
  1st), and the month's other rows of that kind are deleted.
- **counts** (support requests, presentations inside / to other organizations): the cell is the
  number of the month's rows of that kind, each on its own day, ``hours`` empty. A higher count
  adds rows on the month's earliest free days; a lower one deletes the latest rows. A month holds
  at most one row per day, hence at most as many as it has days.

A cell whose value did not change leaves its rows alone, whatever their dates (imports and the
demo date their rows through the month). The whole month is saved in one transaction, or not at
all; each created, changed or deleted journal row is one audit entry (old → new), the way every
other model is audited, so the territory's audit trail lists journal rows like any other. A
second save of a month that changed since the grid was loaded is refused (:class:`MonthChanged`),
by a digest of the month's stored rows carried by the form.
"""

from __future__ import annotations

import hashlib
from calendar import monthrange
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext as _

from importing.cells import decimal, integer
from importing.problems import CellError
from territories import audit
from territories.models import (
    AuditAction,
    JournalEntry,
    JournalKind,
    Position,
    Territory,
    User,
)

HOURS_KINDS = (JournalKind.SUPERVISION, JournalKind.CODEVELOPMENT)
COUNT_KINDS = (
    JournalKind.SUPPORT_REQUEST,
    JournalKind.PRESENTATION_INTRA,
    JournalKind.PRESENTATION_INTER,
)
COLUMNS = HOURS_KINDS + COUNT_KINDS
AUDITED_FIELDS = ("position", "date", "kind", "hours")

Cell = tuple[int, str]  # (position id, journal kind)
CellValue = Decimal | int | None  # hours (None: no row) or a count (0: no row)


def month_bounds(month: date) -> tuple[date, date]:
    """The first and last day of ``month``'s month."""
    start = month.replace(day=1)
    return start, start.replace(day=monthrange(start.year, start.month)[1])


def cell_name(position_id: int, kind: str) -> str:
    """The form field name of a cell (also the key of its error)."""
    return f"cell-{position_id}-{kind}"


def parse_cell(kind: str, raw: Any, *, days: int) -> CellValue:
    """A typed cell as stored: hours rounded half-up to 2 decimals like the import (``"1,5"``
    is 1.50), at most 24 hours a day; a count as a whole number, at most one a day. Blank:
    ``None`` (hours) or 0 (count). Raises :class:`ValidationError` with the French message."""
    text = "" if raw is None else str(raw).strip()
    try:
        if kind in HOURS_KINDS:
            return decimal(2, 0, 24 * days)(text) if text else None
        count = integer(0)(text) if text else 0
    except CellError as error:
        raise ValidationError(str(error), code="invalid") from None
    if count > days:
        raise ValidationError(
            _("At most %(days)d in this month: the journal holds one entry per day.")
            % {"days": days},
            code="too_many",
        )
    return count


@dataclass
class JournalMonth:
    """A territory's month of journal: its positions, each cell's value and rows, a digest."""

    territory: Territory
    start: date
    end: date
    positions: list[Position]
    values: dict[Cell, CellValue] = field(default_factory=dict)
    entries: dict[Cell, list[JournalEntry]] = field(default_factory=dict)
    digest: str = ""

    @property
    def days(self) -> int:
        return self.end.day

    def position(self, position_id: int) -> Position:
        return next(position for position in self.positions if position.pk == position_id)

    def rows(self) -> list[tuple[Position, list[CellValue]]]:
        """Each position with its cells' values in :data:`COLUMNS` order."""
        return [
            (position, [self.values[(position.pk, kind)] for kind in COLUMNS])
            for position in self.positions
        ]


def load_month(*, territory: Territory, month: date) -> JournalMonth:
    """The month of ``month`` on ``territory`` (the caller checked access): the positions
    active during the month or having entries in it, and the month's entries. Two queries,
    whatever the number of positions and entries."""
    start, end = month_bounds(month)
    of_territory = Position.objects.filter(organization__territory=territory)
    with_entries = JournalEntry.objects.filter(
        position=OuterRef("pk"), date__gte=start, date__lte=end
    )
    positions = list(
        (of_territory.active_during(start, end) | of_territory.filter(Exists(with_entries)))
        .select_related("organization__sector")
        .order_by("code")
    )
    by_id = {position.pk: position for position in positions}
    result = JournalMonth(territory=territory, start=start, end=end, positions=positions)
    for position in positions:
        for kind in COLUMNS:
            result.entries[(position.pk, kind)] = []
    stored = JournalEntry.objects.filter(
        position__organization__territory=territory,
        date__gte=start,
        date__lte=end,
        kind__in=COLUMNS,
    ).order_by("position_id", "kind", "date")
    fingerprint = [",".join(str(position.pk) for position in positions)]
    for entry in stored:
        entry.position = by_id[entry.position_id]  # str(entry) in the audit reads no row
        result.entries[(entry.position_id, entry.kind)].append(entry)
        fingerprint.append(
            f"{entry.pk}|{entry.position_id}|{entry.date}|{entry.kind}|{entry.hours}"
        )
    for cell, entries in result.entries.items():
        result.values[cell] = _value(cell[1], entries)
    result.digest = hashlib.sha256("\n".join(fingerprint).encode()).hexdigest()
    return result


def _value(kind: str, entries: list[JournalEntry]) -> CellValue:
    if kind not in HOURS_KINDS:
        return len(entries)
    hours = [entry.hours for entry in entries if entry.hours is not None]
    return sum(hours, Decimal("0.00")) if hours else None


class MonthChanged(Exception):
    """The month's stored journal changed since the grid was loaded: nothing was saved."""

    def __init__(self, current: JournalMonth):
        super().__init__("The month's journal changed since it was loaded.")
        self.current = current


@dataclass
class _Changes:
    created: list[JournalEntry] = field(default_factory=list)
    updated: list[tuple[JournalEntry, dict[str, Any]]] = field(default_factory=list)
    deleted: list[JournalEntry] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.created) + len(self.updated) + len(self.deleted)


def save_month(
    *,
    actor: User,
    territory: Territory,
    month: date,
    values: Mapping[Cell, Any],
    digest: str,
) -> int:
    """Write the cells ``values`` of ``territory``'s month, all or nothing; return how many
    journal rows were created, changed or deleted.

    ``digest`` is :attr:`JournalMonth.digest` as the grid was loaded: when the month changed
    since, :class:`MonthChanged` is raised (carrying the month as it is now) and nothing is
    written. A bad value raises :class:`ValidationError` keyed by :func:`cell_name`. Cells left
    out of ``values`` are left as they are.
    """
    with transaction.atomic():
        # One save of a territory's journal at a time: the second waits, then sees the change.
        Territory.objects.select_for_update().filter(pk=territory.pk).first()
        current = load_month(territory=territory, month=month)
        if digest != current.digest:
            raise MonthChanged(current)
        wanted = _checked(current, values)
        changes = _Changes()
        for cell, new in wanted.items():
            if new == current.values[cell]:
                continue
            entries = current.entries[cell]
            if cell[1] in HOURS_KINDS:
                _plan_hours(current, cell, entries, new, changes)
            else:
                _plan_count(current, cell, entries, new, changes)
        _write(actor, territory, changes)
    return len(changes)


def _checked(current: JournalMonth, values: Mapping[Cell, Any]) -> dict[Cell, CellValue]:
    wanted: dict[Cell, CellValue] = {}
    errors: dict[str, list[str]] = {}
    for (position_id, kind), raw in values.items():
        name = cell_name(position_id, kind)
        if (position_id, kind) not in current.values:
            errors[name] = [_("This position has no line in this month's journal.")]
            continue
        if isinstance(raw, int | Decimal) and not isinstance(raw, bool):
            raw = str(raw)
        try:
            wanted[(position_id, kind)] = parse_cell(kind, raw, days=current.days)
        except ValidationError as error:
            errors[name] = error.messages
    if errors:
        raise ValidationError(errors)
    return wanted


def _plan_hours(
    current: JournalMonth,
    cell: Cell,
    entries: list[JournalEntry],
    hours: Decimal | None,
    changes: _Changes,
) -> None:
    if hours is None:
        changes.deleted.extend(entries)
        return
    if not entries:
        changes.created.append(_entry(current, cell, current.start, hours))
        return
    kept, *others = entries
    changes.deleted.extend(others)
    if kept.hours != hours:
        before = audit.snapshot(kept, AUDITED_FIELDS)
        kept.hours = hours
        changes.updated.append((kept, before))


def _plan_count(
    current: JournalMonth,
    cell: Cell,
    entries: list[JournalEntry],
    count: int,
    changes: _Changes,
) -> None:
    if count < len(entries):
        changes.deleted.extend(entries[count:])  # the latest ones
        return
    taken = {entry.date for entry in entries}
    free = (current.start + timedelta(days) for days in range(current.days))
    free_days = [day for day in free if day not in taken][: count - len(entries)]
    changes.created.extend(_entry(current, cell, day, None) for day in free_days)


def _entry(current: JournalMonth, cell: Cell, day: date, hours: Decimal | None) -> JournalEntry:
    return JournalEntry(position=current.position(cell[0]), date=day, kind=cell[1], hours=hours)


def _write(actor: User, territory: Territory, changes: _Changes) -> None:
    for entry in changes.created:
        entry.full_clean(validate_unique=False, validate_constraints=False)
    for entry, _before in changes.updated:
        entry.full_clean(validate_unique=False, validate_constraints=False)
    if changes.deleted:
        JournalEntry.objects.filter(pk__in=[entry.pk for entry in changes.deleted]).delete()
    for entry, _before in changes.updated:
        entry.save(update_fields=["hours"])
    JournalEntry.objects.bulk_create(changes.created)
    for entry in changes.deleted:
        _record(actor, territory, entry, AuditAction.DELETE, audit.snapshot(entry, AUDITED_FIELDS))
    for entry, before in changes.updated:
        _record(actor, territory, entry, AuditAction.UPDATE, before)
    for entry in changes.created:
        _record(actor, territory, entry, AuditAction.CREATE, {})


def _record(
    actor: User, territory: Territory, entry: JournalEntry, action: str, before: dict
) -> None:
    after = {} if action == AuditAction.DELETE else audit.snapshot(entry, AUDITED_FIELDS)
    audit.record(
        actor=actor,
        instance=entry,
        action=action,
        changes=audit.changes_between(before, after),
        territory=territory,
    )
