"""What can go wrong in an import, and the report that says so.

A :class:`CellError` is one cell (or one row, on a given column) that cannot be imported; the
engine turns it into a :class:`Problem` of the :class:`ImportReport`, written
``line N, column X: message`` (DESIGN.md section 7). An :class:`ImportFileError` is the file
itself: missing, empty, neither CSV nor XLSX, in an encoding that is not read.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _

MAX_PROBLEMS = 200  # listed; the others are counted


class CellError(Exception):
    """A cell (or a row, on a given column) that cannot be imported; ``str()`` is the message."""


class ImportFileError(Exception):
    """The file itself cannot be read: missing, empty, neither CSV nor XLSX, bad encoding."""


class UnknownKind(ImportFileError):
    pass


class KindOutOfScope(ImportFileError):
    """An import limited to some territories of a kind that has no territory (``territories``)."""


class CountsChanged(ImportFileError):
    """The import would not create, update and leave unchanged what was expected (the preview):
    the data changed in between. Nothing was written."""


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
