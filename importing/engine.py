"""The one import engine (DESIGN.md section 7): read a CSV or XLSX file, type its cells, report
every problem as ``line N, column X: message`` and write the whole file or nothing.

Each app declares its rows beside its models (``territories/imports.py``,
``referrals/imports.py``, ``surveys/imports.py``) as a :class:`RowSpec`: its columns (English
name, French name, parser), its key, and the rules joining columns. The engine streams the
file: rows are typed and checked one by one against tables preloaded once (no query per row),
and written by chunks with ``bulk_create`` inside one transaction. After the first invalid row it
writes nothing more but keeps checking, so that the report lists every problem; then it rolls
back.

Call :func:`import_file` (the management command ``import_data`` and the benchmark do).
"""

from __future__ import annotations

import codecs
import csv
import io
import queue
import re
import threading
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from importlib import import_module
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connection, connections, models, transaction
from django.utils import translation
from django.utils.translation import gettext as _

from indicators.freshness import versions_raised_once

# Where each kind's row spec lives, in the order files are usually imported.
KINDS: dict[str, str] = {
    "territories": "territories.imports",
    "organizations": "territories.imports",
    "positions": "territories.imports",
    "assignments": "territories.imports",
    "journal": "territories.imports",
    "projects": "territories.imports",
    "profiles": "territories.imports",
    "corridors": "referrals.imports",
    "referrals": "referrals.imports",
    "satisfaction": "surveys.imports",
}

CHUNK_SIZE = 5000
MAX_PROBLEMS = 200
TEMPLATES_DIR = Path(settings.BASE_DIR) / "static" / "modeles"


class CellError(Exception):
    """A cell (or a row, on a given column) that cannot be imported; ``str()`` is the message."""


class ImportFileError(Exception):
    """The file itself cannot be read: missing, empty, neither CSV nor XLSX, bad encoding."""


class UnknownKind(ImportFileError):
    pass


# Reports


@dataclass(frozen=True)
class Problem:
    line: int
    column: str
    message: str

    def __str__(self) -> str:
        return _("line %(line)d, column %(column)s: %(message)s") % {
            "line": self.line,
            "column": self.column,
            "message": self.message,
        }


@dataclass
class ImportReport:
    """What an import did (``created``, ``updated``, ``unchanged``) or why it wrote nothing."""

    kind: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    problems: list[Problem] = field(default_factory=list)
    more_problems: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems

    def add(self, line: int, column: str, message: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            self.problems.append(Problem(line, column, str(message)))
        else:
            self.more_problems += 1

    def summary(self) -> str:
        return _(
            "%(kind)s: %(rows)d rows imported: %(created)d created, %(updated)d updated, "
            "%(unchanged)d unchanged."
        ) % {
            "kind": self.kind,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
        }

    def error_lines(self) -> list[str]:
        lines = [str(problem) for problem in self.problems]
        if self.more_problems:
            lines.append(_("… and %(count)d more problems.") % {"count": self.more_problems})
        return lines


# Cell parsers: each takes a non-blank cell (a string from CSV; also a number, date or bool
# from XLSX) and returns the typed value or raises CellError.

Parser = Callable[[Any], Any]

_BOOLEANS = {
    "oui": True,
    "yes": True,
    "1": True,
    "true": True,
    "vrai": True,
    "non": False,
    "no": False,
    "0": False,
    "false": False,
    "faux": False,
}
_DATE_RE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_SPACES = str.maketrans("", "", " \u00a0\u202f")


def is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def as_text(value: Any) -> str:
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def text(max_length: int, validators: Sequence[Callable[[str], None]] = ()) -> Parser:
    def parse(value: Any) -> str:
        result = as_text(value)
        if len(result) > max_length:
            raise CellError(
                _("At most %(max)d characters (this value has %(length)d).")
                % {"max": max_length, "length": len(result)}
            )
        for validator in validators:
            try:
                validator(result)
            except ValidationError as error:
                raise CellError(" ".join(error.messages)) from None
        return result

    return parse


def boolean(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    result = _BOOLEANS.get(as_text(value).lower())
    if result is None:
        raise CellError(_("Give oui or non (yes/no, 1/0 and true/false are accepted too)."))
    return result


def a_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        candidate = value.strip()
        if _DATE_RE.fullmatch(candidate):
            try:
                return date.fromisoformat(candidate)
            except ValueError:
                pass
    raise CellError(
        _("Give a date as YYYY-MM-DD (for example 2024-05-01), not “%(value)s”.")
        % {"value": as_text(value)}
    )


def _number(value: Any) -> Decimal:
    if isinstance(value, bool):
        raise CellError(_("Give a number, not “%(value)s”.") % {"value": as_text(value)})
    if isinstance(value, int):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))  # 12.345 stays 12.345 (not 12.3449999…) before rounding
    candidate = as_text(value).translate(_SPACES).replace(",", ".")
    try:
        number = Decimal(candidate)
    except InvalidOperation:
        number = None
    if number is None or not number.is_finite():
        raise CellError(_("Give a number, not “%(value)s”.") % {"value": as_text(value)})
    return number


def _check_range(number: Decimal | int, minimum: Any, maximum: Any) -> None:
    if minimum is not None and number < minimum:
        raise CellError(_("The value cannot be below %(min)s.") % {"min": minimum})
    if maximum is not None and number > maximum:
        raise CellError(_("The value cannot be above %(max)s.") % {"max": maximum})


def decimal(places: int = 2, minimum: Any = None, maximum: Any = None) -> Parser:
    """A number rounded half-up to ``places`` decimals (never refused for extra decimals)."""
    exponent = Decimal(1).scaleb(-places)

    def parse(value: Any) -> Decimal:
        number = _number(value).quantize(exponent, rounding=ROUND_HALF_UP)
        _check_range(number, minimum, maximum)
        return number

    return parse


def integer(
    minimum: int | None = None, maximum: int | None = None, out_of_range: str | None = None
) -> Parser:
    """A whole number (``2.0`` is 2; ``2.5`` is refused); ``out_of_range``: the message when it
    falls outside [minimum, maximum]."""

    def parse(value: Any) -> int:
        number = _number(value)
        if number != number.to_integral_value():
            raise CellError(_("Give a whole number, not “%(value)s”.") % {"value": as_text(value)})
        result = int(number)
        if out_of_range is not None and not minimum <= result <= maximum:
            raise CellError(_(out_of_range))
        _check_range(result, minimum, maximum)
        return result

    return parse


def normalise_name(value: str) -> str:
    """``Région``, ``  REGION `` and ``date d'ouverture`` → ``region``, ``date_d_ouverture``."""
    decomposed = unicodedata.normalize("NFKD", value.strip().lower())
    plain = "".join(char for char in decomposed if not unicodedata.combining(char))
    return re.sub(r"[^a-z0-9]+", "_", plain).strip("_")


def choice(choices: type[models.TextChoices], aliases: dict[str, str] | None = None) -> Parser:
    """A value of ``choices``: its code, or its English or French label, any case or accents."""
    lookup: dict[str, str] | None = None
    codes = frozenset(choices.values)

    def build() -> dict[str, str]:
        names: dict[str, str] = {}
        for language in ("en", "fr-ca"):
            with translation.override(language):
                for value, label in choices.choices:
                    names.setdefault(normalise_name(str(label)), value)
        for value in choices.values:
            names[normalise_name(value)] = value
        for alias, value in (aliases or {}).items():
            names[normalise_name(alias)] = value
        return names

    def parse(value: Any) -> str:
        nonlocal lookup
        text_value = as_text(value)
        if text_value in codes:
            return text_value
        if lookup is None:
            lookup = build()
        result = lookup.get(normalise_name(text_value))
        if result is None:
            raise CellError(
                _("Unknown value “%(value)s”. Allowed: %(allowed)s.")
                % {"value": text_value, "allowed": ", ".join(choices.values)}
            )
        return result

    return parse


def code_list(item: Parser) -> Parser:
    """Values separated by ``|``, each typed by ``item``, each given once; empty: ``[]``."""

    def parse(value: Any) -> list:
        items = [part.strip() for part in as_text(value).split("|")]
        result = [item(part) for part in items if part]
        if len(set(result)) != len(result):
            raise CellError(_("A value is given twice."))
        return result

    return parse


def reference(table: Callable[[], dict[str, Any]], unknown: str) -> Parser:
    """The row (from ``table()``, preloaded and keyed by code) that the cell names.

    ``unknown`` is a message with ``%(code)s``. Codes match exactly, else in any case when only
    one row has that code in any case.
    """
    folded: dict[str, list[Any]] | None = None

    def parse(value: Any) -> Any:
        nonlocal folded
        code = as_text(value)
        rows = table()
        row = rows.get(code)
        if row is None:
            if folded is None:
                folded = {}
                for stored_code, stored_row in rows.items():
                    folded.setdefault(stored_code.upper(), []).append(stored_row)
            matches = folded.get(code.upper(), ())
            if len(matches) != 1:
                raise CellError(unknown % {"code": code})
            row = matches[0]
        return row

    return parse


# Row specs


@dataclass(frozen=True)
class Column:
    """One column of a kind: ``name`` is the English header of DESIGN.md, ``french`` the header
    of the templates; ``aliases`` other accepted headers. The parsed value lands in
    ``values[field or name]``; ``field`` is the model attribute it sets (None: used otherwise)."""

    name: str
    french: str
    parse: Parser
    field: str | None = None
    required: bool = False
    key: bool = False
    aliases: tuple[str, ...] = ()
    empty: Any = None

    @property
    def target(self) -> str:
        return self.field or self.name


@dataclass
class Row:
    line: int
    values: dict[str, Any]
    key: Any = None


class RowSpec:
    """One kind of row. Subclasses set ``kind``, ``model``, ``unique_fields`` and
    ``columns()``, and may override ``preload``, ``check``, ``prepare`` and ``existing``."""

    kind: str
    model: type[models.Model]
    unique_fields: tuple[str, ...] = ()  # the key's model fields, for the upsert
    keyed = True
    # PostgreSQL: write through a staging table and one INSERT … ON CONFLICT on the key (the
    # key's fields must be exactly a unique constraint, compared as stored).
    fast_upsert = False
    examples: tuple[dict[str, str], ...] = ()  # template rows, by English column name

    def __init__(self) -> None:
        self.context: dict[str, Any] = {}
        self.all_columns = self.columns()

    def table(self, name: str) -> Callable[[], dict[str, Any]]:
        """A preloaded table of ``self.context``, read when rows are parsed."""
        return lambda: self.context[name]

    def preload(self) -> None:
        """Load once what rows refer to, into ``self.context``."""

    def columns(self) -> list[Column]:
        raise NotImplementedError

    def check(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        """Rules joining columns: (column name, message) pairs; may fill derived values."""
        return []

    def key(self, values: dict[str, Any]) -> Any:
        return tuple(values[name] for name in self.unique_fields)

    def describe_key(self, row: Row) -> str:
        return ", ".join(str(part) for part in row.key)

    def written_fields(self, present: list[Column]) -> set[str]:
        """The model fields a file with the ``present`` columns sets."""
        return {column.field for column in present if column.field}

    def fields_of(self, row: Row, fields: set[str]) -> dict[str, Any]:
        return {name: row.values[name] for name in fields}

    def prepare(self, rows: list[Row]) -> None:
        """Before a chunk is written (e.g. create the families it refers to)."""

    def existing(self, rows: list[Row]) -> dict[Any, dict[str, Any]]:
        """The stored rows of the chunk's keys: key → ``{"pk": …, field: value}``.

        The default asks once per chunk for the rows matching each key field's values (a
        superset), then keeps the exact keys."""
        filters = {f"{name}__in": {row.values[name] for row in rows} for name in self.unique_fields}
        fields = self.written_fields(self.all_columns)
        stored = self.model.objects.filter(**filters).values("pk", *fields)
        keys = {row.key for row in rows}
        result = {}
        for values in stored:
            key = self.key(values)
            if key in keys:
                result[key] = values
        return result

    def insert(self, rows: list[dict[str, Any]]) -> None:
        """Insert new rows (field → value; absent fields take their default).

        On PostgreSQL through ``COPY``, several times faster than ``INSERT``; elsewhere through
        ``bulk_create``.
        """
        if connection.vendor != "postgresql":
            objects = [self.model(**values) for values in rows]
            self.model.objects.bulk_create(objects, batch_size=self.batch_size())
            return
        _copy(self.model, self.model._meta.db_table, rows)

    def write_updates(self, objects: list[models.Model], fields: list[str]) -> None:
        self.model.objects.bulk_create(
            objects,
            batch_size=self.batch_size(),
            update_conflicts=True,
            unique_fields=list(self.unique_fields),
            update_fields=fields,
        )

    def batch_size(self) -> int:
        return max(1, 30000 // (len(self.model._meta.concrete_fields) + 1))


def _inserted_fields(model: type[models.Model]) -> list[models.Field]:
    return [
        field for field in model._meta.concrete_fields if not isinstance(field, models.AutoField)
    ]


def _copy(model: type[models.Model], table: str, rows: list[dict[str, Any]]) -> None:
    """PostgreSQL: ``COPY`` ``rows`` (field → value) into ``table``, which has the model's
    columns but its automatic key; fields a row lacks take their default."""
    fields = _inserted_fields(model)
    generated = {
        field.attname: field.default
        for field in fields
        if field.has_default() and callable(field.default)
    }
    constant = {field.attname: field.get_default() for field in fields}
    adapted = [field for field in fields if isinstance(field, models.JSONField)]
    order = [field.attname for field in fields]
    quote = connection.ops.quote_name
    names = ", ".join(quote(field.column) for field in fields)
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {quote(table)} ({names}) FROM STDIN") as copy:
            for values in rows:
                for field in adapted:
                    if field.attname in values:
                        values[field.attname] = field.get_db_prep_save(
                            values[field.attname], connection
                        )
                copy.write_row(
                    [
                        values[name]
                        if name in values
                        else generated[name]()
                        if name in generated
                        else constant[name]
                        for name in order
                    ]
                )


def _upsert_postgresql(
    spec: RowSpec, rows: list[dict[str, Any]], update_fields: list[str]
) -> tuple[int, int]:
    """PostgreSQL: ``COPY`` the rows into a temporary table, then one ``INSERT … ON CONFLICT``
    on the key that updates only the rows whose values differ. Returns (created, updated)."""
    model = spec.model
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    stage = f"arrimage_import_{model._meta.db_table}"
    fields = _inserted_fields(model)
    names = ", ".join(quote(field.column) for field in fields)
    key = ", ".join(quote(model._meta.get_field(name).column) for name in spec.unique_fields)
    changed = [quote(model._meta.get_field(name).column) for name in update_fields]
    if changed:
        action = (
            "DO UPDATE SET "
            + ", ".join(f"{column} = EXCLUDED.{column}" for column in changed)
            + f" WHERE ({', '.join(f'{table}.{column}' for column in changed)})"
            + f" IS DISTINCT FROM ({', '.join(f'EXCLUDED.{column}' for column in changed)})"
        )
    else:
        action = "DO NOTHING"
    with connection.cursor() as cursor:
        cursor.execute(
            f"CREATE TEMPORARY TABLE IF NOT EXISTS {stage} ON COMMIT DROP AS "
            f"SELECT {names} FROM {table} WITH NO DATA"
        )
        cursor.execute(f"TRUNCATE {stage}")
        _copy(model, stage, rows)
        cursor.execute(
            f"WITH written AS (INSERT INTO {table} ({names}) SELECT {names} FROM {stage} "
            f"ON CONFLICT ({key}) {action} RETURNING xmax = 0 AS inserted) "
            "SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) "
            "FROM written"
        )
        created, updated = cursor.fetchone()
    return created, updated


def get_spec(kind: str) -> RowSpec:
    module = KINDS.get(kind)
    if module is None:
        raise UnknownKind(
            _("Unknown kind “%(kind)s”. Choose one of: %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(KINDS)}
        )
    return import_module(module).SPECS[kind]()


# Reading files


def _detect_encoding(path: Path) -> str:
    """UTF-8 (``utf-8-sig`` with a BOM) when the whole file decodes strictly, else cp1252."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    with path.open("rb") as stream:
        bom = stream.read(3) == codecs.BOM_UTF8
        stream.seek(0)
        try:
            while block := stream.read(1 << 20):
                decoder.decode(block)
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return "cp1252"
    return "utf-8-sig" if bom else "utf-8"


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    encoding = _detect_encoding(path)
    with path.open(encoding=encoding, newline="") as stream:
        header_line = stream.readline()
        delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
        stream.seek(0)
        reader = csv.reader(stream, delimiter=delimiter)
        try:
            line = 1
            for cells in reader:
                yield line, cells
                line = reader.line_num + 1
        except UnicodeDecodeError:
            raise ImportFileError(
                _("The file is neither UTF-8 nor Windows-1252 text: save it as CSV UTF-8.")
            ) from None
        except csv.Error as error:
            raise ImportFileError(
                _("Line %(line)d cannot be read as CSV: %(error)s")
                % {"line": reader.line_num, "error": error}
            ) from None


def _xlsx_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise ImportFileError(
            _("The file cannot be read as an Excel workbook (.xlsx): %(error)s") % {"error": error}
        ) from None
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()  # some writers record a wrong size: read every row
        for line, cells in enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1):
            yield line, list(cells)
    finally:
        workbook.close()


def read_rows(path: Path) -> Iterator[tuple[int, list[Any]]]:
    """(line number, cells) of every line of a CSV or XLSX file, the header first (line 1)."""
    if not path.is_file():
        raise ImportFileError(_("The file “%(path)s” does not exist.") % {"path": path})
    try:
        with path.open("rb") as stream:
            magic = stream.read(4)
    except OSError as error:
        raise ImportFileError(
            _("The file “%(path)s” cannot be read: %(error)s")
            % {"path": path, "error": error.strerror}
        ) from None
    if magic == b"PK\x03\x04":
        return _xlsx_rows(path)
    if magic.startswith(b"\xd0\xcf\x11\xe0"):
        raise ImportFileError(_("Old Excel files (.xls) are not read: save the file as .xlsx."))
    return _csv_rows(path)


# Importing


def _bind_header(
    spec: RowSpec, header: list[Any], report: ImportReport
) -> list[tuple[int, Column, str]]:
    """The (index, column, header as written) of each header cell; problems on line 1."""
    names: dict[str, Column] = {}
    for column in spec.all_columns:
        for name in (column.name, column.french, *column.aliases):
            names[normalise_name(name)] = column
    bound: list[tuple[int, Column, str]] = []
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


def import_file(kind: str, path: str | Path, *, chunk_size: int = CHUNK_SIZE) -> ImportReport:
    """Import ``path`` as rows of ``kind``: all of them, or none when any is invalid.

    Raises :class:`ImportFileError` (or :class:`UnknownKind`) when the file cannot be read at
    all; otherwise the report says what was written or lists every problem (nothing written).
    """
    spec = get_spec(kind)
    report = ImportReport(kind=kind)
    rows = read_rows(Path(path))
    first = next(rows, None)
    if first is None:
        raise ImportFileError(_("The file is empty: it needs a header line."))
    _line, header = first
    if header and isinstance(header[0], str):
        header[0] = header[0].lstrip("\ufeff")
    bound = _bind_header(spec, header, report)
    if not report.ok:
        return report
    spec.preload()
    with transaction.atomic():
        with versions_raised_once():
            _import_rows(spec, bound, rows, report, chunk_size)
        if not report.ok:
            transaction.set_rollback(True)
    if not report.ok:
        report.created = report.updated = report.unchanged = 0
    return report


def _import_rows(
    spec: RowSpec,
    bound: list[tuple[int, Column, str]],
    rows: Iterator[tuple[int, list[Any]]],
    report: ImportReport,
    chunk_size: int,
) -> None:
    writer = _Writer(spec, [column for _index, column, _written in bound], report)
    try:
        _read_rows(spec, bound, rows, report, chunk_size, writer)
    finally:
        writer.close()


def _read_rows(
    spec: RowSpec,
    bound: list[tuple[int, Column, str]],
    rows: Iterator[tuple[int, list[Any]]],
    report: ImportReport,
    chunk_size: int,
    writer: _Writer,
) -> None:
    width = max(index for index, _column, _written in bound) + 1
    seen_keys: dict[Any, int] = {}
    header_of = {column.name: written for _index, column, written in bound}
    present = [column for _index, column, _written in bound]
    key_column = next(
        (column for column in reversed(present) if column.key), present[0] if present else None
    )
    absent = [column for column in spec.all_columns if column not in present]
    chunk: list[Row] = []
    for line, cells in rows:
        if len(cells) > width and any(not is_blank(cell) for cell in cells[width:]):
            report.add(line, str(width + 1), _("This cell has no column header."))
        values: dict[str, Any] = {}
        errors = False
        missing = []
        blank_row = True
        for index, column, written in bound:
            cell = cells[index] if index < len(cells) else None
            if cell is None or (isinstance(cell, str) and not cell.strip()):
                if column.required:
                    missing.append(written)
                values[column.target] = column.empty
                continue
            blank_row = False
            try:
                values[column.target] = column.parse(cell)
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
            chunk.append(row)
            if len(chunk) >= chunk_size:
                writer.write(chunk)
                chunk = []
        else:
            chunk = []
    if chunk and report.ok:
        writer.write(chunk)


class _Writer:
    """Writes the chunks. On PostgreSQL, in a second thread on the same connection (the reading
    thread no longer touches the database once tables are preloaded): the database works on one
    chunk while the next one is read and checked."""

    def __init__(self, spec: RowSpec, present: list[Column], report: ImportReport) -> None:
        self.spec, self.present, self.report = spec, present, report
        self.thread: threading.Thread | None = None
        self.failure: BaseException | None = None
        if connection.vendor == "postgresql":
            self.connection = connections[DEFAULT_DB_ALIAS]
            self.connection.inc_thread_sharing()
            self.queue: queue.Queue[list[Row] | None] = queue.Queue(maxsize=2)
            self.thread = threading.Thread(target=self._run, name="import-writer", daemon=True)
            self.thread.start()

    def write(self, chunk: list[Row]) -> None:
        if self.thread is None:
            _write_chunk(self.spec, self.present, chunk, self.report)
        else:
            self.queue.put(chunk)

    def close(self) -> None:
        """Wait for the last chunk; re-raise what went wrong in the writing thread."""
        if self.thread is None:
            return
        self.queue.put(None)
        self.thread.join()
        self.connection.dec_thread_sharing()
        if self.failure is not None:
            raise self.failure

    def _run(self) -> None:
        connections[DEFAULT_DB_ALIAS] = self.connection
        while (chunk := self.queue.get()) is not None:
            if self.failure is None and self.report.ok:
                try:
                    _write_chunk(self.spec, self.present, chunk, self.report)
                except BaseException as error:  # handed to the reading thread by close()
                    self.failure = error


def _write_chunk(spec: RowSpec, present: list[Column], chunk: list[Row], report: ImportReport):
    fields = spec.written_fields(present)
    key_fields = set(spec.unique_fields)
    update_fields = sorted(fields - key_fields)
    if not connection.force_debug_cursor:  # DEBUG: do not keep the SQL of a million rows
        connection.queries_log.clear()
    if spec.fast_upsert and connection.vendor == "postgresql":
        try:
            with transaction.atomic():
                spec.prepare(chunk)
                rows = [spec.fields_of(row, fields) for row in chunk]
                created, updated = _upsert_postgresql(spec, rows, update_fields)
        except DatabaseError as error:
            _refused(chunk, error, report)
            return
        report.created += created
        report.updated += updated
        report.unchanged += len(chunk) - created - updated
        return
    try:
        with transaction.atomic():
            spec.prepare(chunk)
            stored = spec.existing(chunk) if spec.keyed else {}
            new, changed = [], []
            for row in chunk:
                values = spec.fields_of(row, fields)
                old = stored.get(row.key)
                if old is None:
                    new.append(values)
                elif any(values[name] != old[name] for name in update_fields):
                    for name in key_fields:  # the stored spelling of the key
                        values[name] = old[name]
                    changed.append(spec.model(pk=old["pk"], **values))
                else:
                    report.unchanged += 1
            if new:
                spec.insert(new)
            if changed:
                spec.write_updates(changed, update_fields)
    except DatabaseError as error:
        _refused(chunk, error, report)
        return
    report.created += len(new)
    report.updated += len(changed)


def _refused(chunk: list[Row], error: DatabaseError, report: ImportReport) -> None:
    """A rule the checks above missed, caught by the database: the chunk's lines are named."""
    report.add(
        chunk[0].line,
        "-",
        _("The database refused the rows of lines %(first)d to %(last)d: %(error)s")
        % {"first": chunk[0].line, "last": chunk[-1].line, "error": error},
    )


# Templates


def template_csv(kind: str) -> str:
    """The downloadable template of ``kind``: French headers and example rows, ``;``-separated,
    with a BOM so that Excel reads the accents."""
    spec = get_spec(kind)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    columns = spec.all_columns
    writer.writerow([column.french for column in columns])
    for example in spec.examples:
        writer.writerow([example.get(column.name, "") for column in columns])
    return "\ufeff" + buffer.getvalue()


def write_templates(directory: Path = TEMPLATES_DIR) -> list[Path]:
    """Write every kind's template as ``<directory>/<kind>.csv``."""
    directory.mkdir(parents=True, exist_ok=True)
    paths = []
    for kind in KINDS:
        path = directory / f"{kind}.csv"
        path.write_bytes(template_csv(kind).encode("utf-8"))
        paths.append(path)
    return paths
