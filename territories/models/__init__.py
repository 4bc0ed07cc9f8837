"""The territories models, by topic; import them from here (``territories.models``)."""

from territories.models.gaps import (
    GAP_DESCRIPTION_MAX,
    GapStatus,
    ServiceGap,
    ServiceGapQuerySet,
)
from territories.models.incidents import Incident, KeyFingerprint
from territories.models.people import AccessLogEntry, AuditAction, AuditEntry, Role, User
from territories.models.places import (
    Milieu,
    Organization,
    OrganizationQuerySet,
    Region,
    Sector,
    Territory,
    TerritoryQuerySet,
)
from territories.models.positions import (
    NEED_POPULATIONS,
    Assignment,
    AssignmentQuerySet,
    JournalEntry,
    JournalEntryQuerySet,
    JournalKind,
    MandateComponent,
    Need,
    Position,
    PositionQuerySet,
    ReferenceFramework,
    TargetPopulation,
)
from territories.models.profiles import (
    ProfileQuerySet,
    Project,
    ProjectQuerySet,
    SocioHealthProfile,
)
from territories.models.rules import (
    PROVINCE_CODE,
    ActiveDuringQuerySet,
    ChoiceListValidator,
    code_validator,
    validate_not_province,
)

__all__ = [
    "NEED_POPULATIONS",
    "PROVINCE_CODE",
    "AccessLogEntry",
    "ActiveDuringQuerySet",
    "Assignment",
    "AssignmentQuerySet",
    "AuditAction",
    "AuditEntry",
    "ChoiceListValidator",
    "GAP_DESCRIPTION_MAX",
    "GapStatus",
    "Incident",
    "KeyFingerprint",
    "JournalEntry",
    "JournalEntryQuerySet",
    "JournalKind",
    "MandateComponent",
    "Need",
    "Milieu",
    "Organization",
    "OrganizationQuerySet",
    "Position",
    "PositionQuerySet",
    "ProfileQuerySet",
    "Project",
    "ProjectQuerySet",
    "ReferenceFramework",
    "Region",
    "Role",
    "Sector",
    "ServiceGap",
    "ServiceGapQuerySet",
    "SocioHealthProfile",
    "TargetPopulation",
    "Territory",
    "TerritoryQuerySet",
    "User",
    "code_validator",
    "validate_not_province",
]
