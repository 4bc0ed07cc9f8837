"""The overview's exceptions first (issue 14): per territory, how many targets it misses and how
that changed since the previous period of the same kind; above the table, the territories and
indicators that miss their target by the widest margin, with the corridor or sector pair that
weighs most in each miss — the « why » on the overview, not three clicks away.

Margins are relative to the target, so that a delay, a rate and a mean compare: a delay of
6 days against « ≤ 2 j » misses by 200 %, an escape rate of 15 % against « < 10 % » by 50 %.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from django.utils.html import format_html
from django.utils.translation import gettext, ngettext

from dashboards import display
from indicators import registry
from indicators.breakdowns import DIMENSIONS, Breakdown, breakdowns_each
from indicators.compute import Results, Row
from indicators.periods import Period

WATCHED = 5  # items of the « à surveiller » list
WHY_DIMENSIONS = ("corridor", "sector_pair")  # where a referral's miss is explained
EXPLAINED = frozenset(code for dimension in WHY_DIMENSIONS for code in DIMENSIONS[dimension])


@dataclass(frozen=True)
class Missed:
    """Targets a territory misses in the period, and in the previous one (None: not known)."""

    count: int
    previous: int | None

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.count - self.previous

    @property
    def amount(self) -> int:
        """The size of the change, without its sign."""
        return abs(self.change or 0)

    @property
    def html(self) -> str:
        """The count, an arrow and the signed change (hidden from screen readers), and the
        change in words for them. Written here: the overview has one per territory."""
        count = format_html("<strong>{}</strong>", self.count)
        if self.change is None:
            return count
        if self.change > 0:
            arrow, css = f"↑\u00a0+{self.amount}", " missed-change--worse"
            words = ngettext(
                ", %(n)s more than in the previous period",
                ", %(n)s more than in the previous period",
                self.amount,
            ) % {"n": self.amount}
        elif self.change < 0:
            arrow, css = f"↓\u00a0−{self.amount}", " missed-change--better"
            words = ngettext(
                ", %(n)s fewer than in the previous period",
                ", %(n)s fewer than in the previous period",
                self.amount,
            ) % {"n": self.amount}
        else:
            arrow, css, words = "=", "", gettext(", as many as in the previous period")
        return format_html(
            '{} <span class="missed-change{}" aria-hidden="true">{}</span>'
            '<span class="visually-hidden">{}</span>',
            count,
            css,
            arrow,
            words,
        )

    @property
    def in_print(self) -> str:
        """« 3 (+1) », « 2 (−1) », « 4 (=) »: the count and its change, for paper."""
        if self.change is None:
            return str(self.count)
        sign = "+" if self.change > 0 else "−" if self.change < 0 else "="
        return f"{self.count} ({sign}{self.amount or ''})"


def misses(row: Row | None) -> bool:
    """Whether ``row`` shows a missed target (a value stands behind it)."""
    return row is not None and row.misses_target


def missed_targets(
    results: Results, previous: Results | None, codes: list[str]
) -> dict[str, Missed]:
    """Per territory code, the targets missed in ``results`` and in ``previous``."""

    def count(found: Results, code: str) -> int:
        return sum(misses(found.get(code, i.code)) for i in registry.INDICATORS)

    return {
        code: Missed(count(results, code), None if previous is None else count(previous, code))
        for code in codes
    }


def gap(row: Row) -> Fraction:
    """How far ``row``'s value is on the wrong side of its target, in the indicator's unit."""
    target = Fraction(row.target.value)
    if row.target.comparison == registry.GREATER_OR_EQUAL:
        return target - row.value
    return row.value - target


def margin(row: Row) -> Fraction:
    """How far ``row`` misses its target, relative to it (0,5: by half the target)."""
    target = Fraction(row.target.value)
    return gap(row) / abs(target) if target else gap(row)


@dataclass(frozen=True)
class Watched:
    territory: str
    row: Row
    margin: Fraction
    why: str  # the group weighing most in the miss (« Corridor A-C1 … »), or empty

    @property
    def indicator(self) -> registry.Indicator:
        return self.row.definition

    @property
    def name(self) -> str:
        return display.indicator_name(self.indicator)

    @property
    def value(self) -> str:
        return display.format_value(self.row)

    @property
    def target(self) -> str:
        return display.format_target(self.row.target, self.indicator)


def watch_list(
    results: Results, codes: list[str], *, period: Period, as_of: date, reveal_small: bool = False
) -> list[Watched]:
    """The ``WATCHED`` widest misses among ``codes``, widest first (ties: territory, then the
    registry's order), each with its heaviest group where referrals explain it — not a small
    group, unless ``reveal_small`` (those who see family-level data). The groups of every
    territory listed are read at once: the queries do not grow with territories."""
    order = {indicator.code: number for number, indicator in enumerate(registry.INDICATORS)}
    rows = (
        results.get(code, indicator.code) for code in codes for indicator in registry.INDICATORS
    )
    missed = [row for row in rows if misses(row)]
    missed.sort(key=lambda row: (-margin(row), row.territory, order[row.indicator]))
    missed = missed[:WATCHED]
    explained = [row for row in missed if row.indicator in EXPLAINED]
    groups = (
        breakdowns_each(
            period,
            as_of=as_of,
            territories=sorted({row.territory for row in explained}),
            dimensions=WHY_DIMENSIONS,
            reveal_small=reveal_small,
        )
        if explained
        else {}
    )
    return [
        Watched(row.territory, row, margin(row), _heaviest_group(row, groups.get(row.territory)))
        for row in missed
    ]


def _heaviest_group(row: Row, found: list[Breakdown] | None) -> str:
    """The corridor or sector pair whose referrals weigh most in ``row``'s miss: the largest
    ``n × (value − target)`` (the other way round when higher is better)."""
    best, label = Fraction(0), ""
    for breakdown in found or []:
        if row.indicator not in breakdown.indicators:
            continue
        for group in breakdown.groups:
            part = group.rows[row.indicator]
            if not display.shows_value(part) or part.target is None or not part.n:
                continue
            weight = part.n * gap(part)
            if weight > best:
                best, label = weight, group.label
    return label
