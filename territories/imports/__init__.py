"""Rows the territories app imports (DESIGN.md section 7), registered with the engine
(:mod:`importing`) in the order files are usually imported: territories, organizations,
positions, assignments, journal, projects and profiles.

:mod:`~territories.imports.references` holds what the rows of every app share (territories,
sectors, projects, positions, dates in order).
"""

from importing.registry import register
from territories.imports.places import OrganizationSpec, ProjectSpec, TerritorySpec
from territories.imports.positions import AssignmentSpec, JournalSpec, PositionSpec
from territories.imports.profiles import ProfileSpec

register(
    TerritorySpec,
    OrganizationSpec,
    PositionSpec,
    AssignmentSpec,
    JournalSpec,
    ProjectSpec,
    ProfileSpec,
)
