"""Reading an import file (DESIGN.md section 7): CSV or XLSX, as (line number, cells).

A CSV file is UTF-8 (with or without BOM) or Windows-1252, separated by ``,`` or ``;``. Its
encoding is decided on the whole file before the first row is read, so that a file that is
neither is refused with one message rather than half read:

- strictly valid UTF-8: UTF-8;
- a byte-order mark of UTF-16 (or NUL bytes: UTF-16 without a mark, or a binary file): refused;
- not valid UTF-8 but with a BOM or with valid UTF-8 accents elsewhere: a UTF-8 file damaged
  at one place, refused with that place's line (read as Windows-1252 it would fail further on,
  on the header or on an accent, with a misleading message);
- otherwise Windows-1252, unless it holds one of the five bytes Windows-1252 leaves undefined.
"""

from __future__ import annotations

import codecs
import csv
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from importing.cells import as_text, is_blank
from importing.problems import ImportFileError

BLOCK_SIZE = 1 << 20
# A valid multi-byte UTF-8 sequence (an accent), and the bytes Windows-1252 does not define.
_UTF8_SEQUENCE = re.compile(
    rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}"
)
_UNDEFINED_IN_CP1252 = re.compile(rb"[\x81\x8d\x8f\x90\x9d]")


def _not_text() -> ImportFileError:
    return ImportFileError(
        _("The file is neither UTF-8 nor Windows-1252 text: save it as CSV UTF-8.")
    )


def detect_encoding(path: Path) -> str:
    """``utf-8-sig`` (with a BOM), ``utf-8`` or ``cp1252``; raises :class:`ImportFileError`
    when the file is neither (see the module's docstring)."""
    decoder = codecs.getincrementaldecoder("utf-8")("strict")
    bad_line: int | None = None  # the line of the first byte that is not UTF-8
    accents = False  # a valid multi-byte UTF-8 sequence was seen
    lines = 0
    with path.open("rb") as stream:
        start = stream.read(4)
        if start.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
            raise ImportFileError(
                _("The file is in UTF-16, which is not read: save it as CSV UTF-8.")
            )
        bom = start.startswith(codecs.BOM_UTF8)
        stream.seek(0)
        while block := stream.read(BLOCK_SIZE):
            if b"\x00" in block:
                raise _not_text()
            if bad_line is None:
                try:
                    decoder.decode(block)
                    accents = accents or not block.isascii()
                except UnicodeDecodeError as error:
                    bad_line = lines + block.count(b"\n", 0, max(error.start, 0)) + 1
            if bad_line is not None:
                accents = accents or _UTF8_SEQUENCE.search(block) is not None
                if _UNDEFINED_IN_CP1252.search(block) and not (bom or accents):
                    raise _not_text()
            lines += block.count(b"\n")
        if bad_line is None:
            try:
                decoder.decode(b"", final=True)
            except UnicodeDecodeError:
                bad_line = lines + 1
    if bad_line is None:
        return "utf-8-sig" if bom else "utf-8"
    if bom or accents:
        raise ImportFileError(
            _(
                "The file is in UTF-8 but line %(line)d holds a byte that is not UTF-8: save "
                "it again as CSV UTF-8."
            )
            % {"line": bad_line}
        )
    return "cp1252"


def _csv_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    encoding = detect_encoding(path)
    reader = None
    try:
        with path.open(encoding=encoding, newline="") as stream:
            header_line = stream.readline()
            delimiter = ";" if header_line.count(";") > header_line.count(",") else ","
            stream.seek(0)
            reader = csv.reader(stream, delimiter=delimiter)
            line = 1
            for cells in reader:
                yield line, cells
                line = reader.line_num + 1
    except UnicodeDecodeError:  # the encoding was checked on the whole file: not expected
        raise _not_text() from None
    except csv.Error as error:
        raise ImportFileError(
            _("Line %(line)d cannot be read as CSV: %(error)s")
            % {"line": reader.line_num if reader else 1, "error": error}
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


def read_header(rows: Iterator[tuple[int, list[Any]]]) -> list[Any]:
    """The first line's cells (a BOM left by a reader dropped); raises on an empty file."""
    first = next(rows, None)
    if first is None:
        raise ImportFileError(_("The file is empty: it needs a header line."))
    _line, header = first
    if header and isinstance(header[0], str):
        header[0] = header[0].lstrip("\ufeff")
    return header


def first_rows(path: Path, count: int) -> tuple[list[Any], list[tuple[int, list[str]]]]:
    """The header and the first ``count`` non-blank lines after it, as text (a preview)."""
    rows = read_rows(path)
    try:
        header = [as_text(cell) if cell is not None else "" for cell in read_header(rows)]
        first: list[tuple[int, list[str]]] = []
        for line, cells in rows:
            if all(is_blank(cell) for cell in cells):
                continue
            first.append((line, [as_text(cell) if cell is not None else "" for cell in cells]))
            if len(first) >= count:
                break
    finally:
        rows.close()  # an XLSX workbook is closed now, not when collected
    return header, first
