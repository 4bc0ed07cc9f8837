"""SQL helpers of the engine's queries: date arithmetic that PostgreSQL and SQLite spell
differently, and the restriction of a query to some territories."""

from __future__ import annotations

from django.db import NotSupportedError
from django.db.models import Func, IntegerField


class DaysBetween(Func):
    """Whole days from the first date to the second (``second − first``)."""

    output_field = IntegerField()

    def __init__(self, first, second, **extra) -> None:
        super().__init__(second, first, **extra)

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError("DaysBetween is written for PostgreSQL and SQLite only.")

    def as_postgresql(self, compiler, connection, **extra):
        # date − date is a whole number of days in PostgreSQL.
        return super().as_sql(
            compiler, connection, template="(%(expressions)s)", arg_joiner=" - ", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )


class AddDays(Func):
    """A date moved by a fixed whole number of days (a setting, never user input)."""

    def __init__(self, expression, days: int, **extra) -> None:
        self.days = int(days)
        super().__init__(expression, **extra)

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError("AddDays is written for PostgreSQL and SQLite only.")

    def as_postgresql(self, compiler, connection, **extra):
        # date + integer is a date in PostgreSQL.
        return super().as_sql(
            compiler, connection, template=f"(%(expressions)s + {self.days})", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler, connection, template=f"date(%(expressions)s, '{self.days:+d} days')", **extra
        )


def within(queryset, territory_field: str, scope: list[int] | None):
    """``queryset`` restricted to the territories of ``scope`` (None: every territory)."""
    if scope is None:
        return queryset
    return queryset.filter(**{f"{territory_field}__in": scope})
