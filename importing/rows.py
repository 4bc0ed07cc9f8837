"""Typing and checking rows: the header binds cells to columns, each row is parsed cell by cell,
checked against the spec's rules and its key, and every problem goes to the report.

:func:`checked_rows` yields the rows to write while the file has no problem; after the first
one it yields nothing more but keeps checking, so that the report lists every problem.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils.translation import gettext as _

from importing.cells import as_text, is_blank, normalise_name
from importing.problems import CellError, ImportReport
from importing.specs import Column, Row, RowSpec

Bound = list[tuple[int, Column, str]]  # (cell index, column, header as written)


def bind_header(spec: RowSpec, header: list[Any], report: ImportReport) -> Bound:
    """The (index, column, header as written) of each header cell; problems on line 1."""
    names: dict[str, Column] = {}
    for column in spec.all_columns:
        for name in (column.name, column.french, *column.aliases):
            names[normalise_name(name)] = column
    bound: Bound = []
    seen: set[str] = set()
    french = False
    for index, cell in enumerate(header):
        written = as_text(cell) if cell is not None else ""
        if not written:
            continue
        column = names.get(normalise_name(written))
        if column is None:
            report.add(1, written, _("Unknown column for %(kind)s.") % {"kind": spec.kind})
        elif column.name in seen:
            report.add(1, written, _("This column is given twice."))
        else:
            seen.add(column.name)
            bound.append((index, column, written))
            french = french or normalise_name(written) != normalise_name(column.name)
    for column in spec.all_columns:
        if column.required and column.name not in seen:
            report.add(1, column.french if french else column.name, _("This column is missing."))
    return bound


def checked_rows(
    spec: RowSpec,
    bound: Bound,
    rows: Iterator[tuple[int, list[Any]]],
    report: ImportReport,
    territory_ids: frozenset[int] | None = None,
) -> Iterator[Row]:
    """The typed rows of ``rows`` (the lines after the header) while the report is clean.

    ``territory_ids``: the territories the rows may touch (None: every one, and the province);
    a row touching another is refused on the spec's ``scope_column``."""
    width = max(index for index, _column, _written in bound) + 1
    seen_keys: dict[Any, int] = {}
    header_of = {column.name: written for _index, column, written in bound}
    present = [column for _index, column, _written in bound]
    key_column = next(
        (column for column in reversed(present) if column.key), present[0] if present else None
    )
    absent = [column for column in spec.all_columns if column not in present]
    scope_header = header_of.get(spec.scope_column or "", spec.scope_column or "-")
    plan = [  # what the loop reads of each column, looked up once
        (index, column.target, column.parse, column.required, column.empty, written)
        for index, column, written in bound
    ]
    for line, cells in rows:
        if len(cells) > width and any(not is_blank(cell) for cell in cells[width:]):
            report.add(line, str(width + 1), _("This cell has no column header."))
        values: dict[str, Any] = {}
        errors = False
        missing = []
        blank_row = True
        length = len(cells)
        for index, target, parse, required, empty, written in plan:
            cell = cells[index] if index < length else None
            if cell is None or (cell.__class__ is str and not cell.strip()):
                if required:
                    missing.append(written)
                values[target] = empty
                continue
            blank_row = False
            try:
                values[target] = parse(cell)
            except CellError as error:
                report.add(line, written, str(error))
                errors = True
        if blank_row:
            continue
        for written in missing:
            report.add(line, written, _("A value is required."))
        if errors or missing:
            continue
        for column in absent:
            values[column.target] = column.empty
        problems = spec.check(values)
        if problems:
            for name, message in problems:
                report.add(line, header_of.get(name, name), message)
            continue
        if territory_ids is not None and not territory_ids.issuperset(spec.territories_of(values)):
            report.add(line, scope_header, _("territory outside your access"))
            continue
        report.rows += 1
        row = Row(line, values)
        if spec.keyed:
            row.key = spec.key(values)
            earlier = seen_keys.get(row.key)
            if earlier is not None:
                report.add(
                    line,
                    header_of[key_column.name],
                    _("The key (%(key)s) is already given on line %(line)d.")
                    % {"key": spec.describe_key(row), "line": earlier},
                )
                continue
            seen_keys[row.key] = line
        if report.ok:
            yield row
