"""Rows the referrals app imports (DESIGN.md section 7), registered with the engine
(:mod:`importing`): corridors, then referrals."""

from importing.registry import register
from referrals.imports.corridors import CorridorSpec
from referrals.imports.referrals import ReferralSpec

register(CorridorSpec, ReferralSpec)
