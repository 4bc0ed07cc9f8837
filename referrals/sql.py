"""Date arithmetic that PostgreSQL and SQLite spell differently, for the referral lists."""

from __future__ import annotations

from datetime import date

from django.db import NotSupportedError
from django.db.models import DateField, Func, IntegerField, Value


class DaysSince(Func):
    """Whole days from a date column to ``day`` (``day − column``)."""

    output_field = IntegerField()

    def __init__(self, expression, day: date, **extra) -> None:
        super().__init__(Value(day, output_field=DateField()), expression, **extra)

    def as_sql(self, compiler, connection, **extra):
        raise NotSupportedError("DaysSince is written for PostgreSQL and SQLite only.")

    def as_postgresql(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="(%(expressions)s)",
            arg_joiner=" - ",
            **extra,
        )

    def as_sqlite(self, compiler, connection, **extra):
        return super().as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) AS INTEGER)",
            arg_joiner=") - julianday(",
            **extra,
        )
