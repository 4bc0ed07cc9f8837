"""The monthly journal grid as a form: one text field per cell (position × kind), and the
digest of the month as loaded (:mod:`territories.services.journal`)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from territories.models import JournalKind, Position
from territories.services.journal import (
    COLUMNS,
    HOURS_KINDS,
    CellValue,
    JournalMonth,
    cell_name,
    parse_cell,
)
from territories.validation import DataEntryRules

# The grid's column headers (the kinds' own labels are singular).
COLUMN_LABELS = {
    JournalKind.SUPERVISION: _("Supervision (hours)"),
    JournalKind.CODEVELOPMENT: _("Co-development (hours)"),
    JournalKind.SUPPORT_REQUEST: _("Support requests"),
    JournalKind.PRESENTATION_INTRA: _("Presentations inside the organization"),
    JournalKind.PRESENTATION_INTER: _("Presentations to other organizations"),
}


def cell_text(kind: str, value: CellValue) -> str:
    """A stored value as the grid shows it: ``1,5`` and ``3`` hours; a count, empty for 0."""
    if value is None or (kind not in HOURS_KINDS and value == 0):
        return ""
    if isinstance(value, Decimal):
        text = f"{value.quantize(Decimal('0.01')):f}".rstrip("0").rstrip(".")
        return text.replace(".", ",")
    return str(value)


class JournalCellField(forms.CharField):
    """A cell: hours (decimal comma or point) or a count; cleans to the stored value."""

    def __init__(self, *, kind: str, days: int, **kwargs):
        self.kind = kind
        self.days = days
        super().__init__(required=False, **kwargs)

    def clean(self, value):
        return parse_cell(self.kind, super().clean(value), days=self.days)


@dataclass
class GridCell:
    field: forms.BoundField
    kind: str
    hours: bool
    recorded: str | None  # after a conflict: the value stored now, where it differs


class JournalMonthForm(DataEntryRules, forms.Form):
    """A month of the grid; ``conflict``: shown again after a refused concurrent save."""

    digest = forms.CharField(widget=forms.HiddenInput)
    conflict = False

    def __init__(self, data=None, *, month: JournalMonth):
        if data is not None:
            data = self._completed(data, month)
        super().__init__(data)
        self.month = month
        self.initial["digest"] = month.digest
        for position in month.positions:
            for kind in COLUMNS:
                name = cell_name(position.pk, kind)
                self.fields[name] = JournalCellField(
                    kind=kind,
                    days=month.days,
                    label=_("%(position)s – %(column)s")
                    % {"position": position.code, "column": COLUMN_LABELS[kind]},
                )
                self.initial[name] = cell_text(kind, month.values[(position.pk, kind)])

    @staticmethod
    def _completed(data: QueryDict, month: JournalMonth) -> QueryDict:
        """The posted cells; a cell missing from them (a position that appeared since the grid
        was loaded) keeps its stored value rather than being taken as emptied."""
        data = data.copy()
        for position in month.positions:
            for kind in COLUMNS:
                name = cell_name(position.pk, kind)
                if name not in data:
                    data[name] = cell_text(kind, month.values[(position.pk, kind)])
        return data

    def cell_values(self) -> dict[tuple[int, str], CellValue]:
        """The cleaned cells, keyed by (position id, kind), for ``save_month``."""
        return {
            (position.pk, kind): self.cleaned_data[cell_name(position.pk, kind)]
            for position in self.month.positions
            for kind in COLUMNS
        }

    def add_cell_errors(self, error: ValidationError) -> None:
        """The service's errors (keyed by cell name) next to their cells."""
        for name, messages in error.message_dict.items():
            self.add_error(name if name in self.fields else None, messages)

    @classmethod
    def after_conflict(cls, data: QueryDict, month: JournalMonth) -> JournalMonthForm:
        """The refused input again, over the month as it is now: saving it once more is a
        deliberate choice, made with the recorded values in view (:meth:`grid`)."""
        data = data.copy()
        data["digest"] = month.digest
        form = cls(data, month=month)
        form.conflict = True
        form.is_valid()
        return form

    def grid(self) -> list[tuple[Position, list[GridCell]]]:
        """Rows of the grid: each position with its cells (bound fields) in column order."""
        rows = []
        for position in self.month.positions:
            cells = []
            for kind in COLUMNS:
                name = cell_name(position.pk, kind)
                stored = self.month.values[(position.pk, kind)]
                recorded = None
                if self.conflict and self.cleaned_data.get(name, stored) != stored:
                    recorded = cell_text(kind, stored) or str(_("empty"))
                cells.append(GridCell(self[name], kind, kind in HOURS_KINDS, recorded))
            rows.append((position, cells))
        return rows

    def cell_errors(self) -> list[tuple[forms.BoundField, list[str]]]:
        """The cells in error, in grid order, for the summary above the grid."""
        return [
            (self[name], self.errors[name])
            for name in self.fields
            if name != "digest" and name in self.errors
        ]
