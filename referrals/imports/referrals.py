"""Referrals as rows to import.

A referral's ``family`` cell is the coordinator's file code: it is hashed as it is read
(:func:`referrals.pseudonyms.hash_family_code`) and never kept. Families are per territory; the
import creates the new ones in bulk: in SQL from the staged rows on PostgreSQL
(:meth:`ReferralSpec.merge`), by chunks elsewhere (:meth:`ReferralSpec.prepare`).
``immigrant_family`` sets the family's flag: when rows of one family disagree, the last row of
the file that gives one wins; an empty cell leaves the flag as it is (a new family: not
immigrant).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.db import connection
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from importing.cells import a_date, as_text, boolean, choice, reference, text
from importing.problems import CellError
from importing.specs import Column, Row, RowSpec
from referrals.dates import TAKEN_IN_THE_FUTURE, taken_in_the_future
from referrals.imports.corridors import language, sector_pair_columns
from referrals.models import Corridor, Family, Referral, ReferralStatus
from referrals.pseudonyms import hash_family_code
from territories.imports.references import load_sectors, load_territories, territory_reference
from territories.models import code_validator
from territories.random_ids import random_id_within, random_id_within_sql

if TYPE_CHECKING:
    from importing.staging import Stage


def family_code(value: Any) -> str:
    """The hash of a family's file code; the code itself goes no further."""
    try:
        return hash_family_code(as_text(value))
    except ValueError:  # nothing but spaces
        raise CellError(_("A value is required.")) from None


class ReferralSpec(RowSpec):
    kind = "referrals"
    model = Referral
    label = pgettext_lazy("import kind", "Referrals")
    description = gettext_lazy(
        "Families referred from one sector to another, their dates and status."
    )
    scope_column = "territory"
    unique_fields = ("territory_id", "ref")
    staged = True  # PostgreSQL: families resolved in SQL from the stage (merge)
    stage_extras = (("family", "text"), ("immigrant_family", "boolean"))
    also_written = (Family._meta.db_table,)  # large imports: its key checked set-based too
    version_field = "version"  # a change by the import refuses a form loaded before it
    examples = (
        {
            "territory": "A",
            "ref": "A-2024-0001",
            "family": "DOSSIER-1234",
            "immigrant_family": "oui",
            "from_sector": "MFA",
            "to_sector": "MSSS",
            "corridor": "A-COR-1",
            "first_contact_on": "2024-05-01",
            "referred_on": "2024-05-02",
            "taken_in_charge_on": "2024-05-06",
            "status": "taken_in_charge",
            "consent": "oui",
            "consent_language": "es",
            "interpreter": "oui",
        },
        {
            "territory": "A",
            "ref": "A-2024-0002",
            "family": "DOSSIER-1235",
            "immigrant_family": "non",
            "from_sector": "MSSS",
            "to_sector": "MFA",
            "first_contact_on": "2024-06-10",
            "referred_on": "2024-06-10",
            "status": "pending",
            "consent": "non",
            "consent_language": "fr",
            "interpreter": "non",
        },
    )

    def columns(self) -> list[Column]:
        corridor = reference(self.table("corridors"), _("Unknown corridor “%(code)s”."))
        return [
            Column(
                "territory", "territoire", territory_reference(self), "territory_id", True, True
            ),
            Column(
                "ref",
                "référence",
                text(50, [code_validator]),
                "ref",
                True,
                True,
                ("no_reference", "numero_reference"),
            ),
            Column(
                "family",
                "famille",
                family_code,
                required=True,
                aliases=("dossier", "code_famille", "no_dossier"),
                secret=True,
            ),
            Column("immigrant_family", "famille_immigrante", boolean),
            *sector_pair_columns(self),
            Column("corridor", "corridor", corridor, "corridor_id", aliases=("trajectoire",)),
            Column(
                "first_contact_on",
                "date_premier_contact",
                a_date,
                "first_contact_on",
                True,
                aliases=("premier_contact",),
            ),
            Column(
                "referred_on",
                "date_orientation",
                a_date,
                "referred_on",
                True,
                aliases=("oriente_le", "date_reference"),
            ),
            Column(
                "taken_in_charge_on",
                "date_prise_en_charge",
                a_date,
                "taken_in_charge_on",
                aliases=("pris_en_charge_le",),
            ),
            Column(
                "status",
                "statut",
                choice(
                    ReferralStatus,
                    {
                        "en_attente": ReferralStatus.PENDING,
                        "pris_en_charge": ReferralStatus.TAKEN_IN_CHARGE,
                        "prise_en_charge": ReferralStatus.TAKEN_IN_CHARGE,
                        "refuse": ReferralStatus.DECLINED,
                        "perdu": ReferralStatus.LOST,
                        "annule": ReferralStatus.CANCELLED,
                    },
                ),
                "status",
            ),
            Column("closed_on", "date_fermeture", a_date, "closed_on", aliases=("ferme_le",)),
            Column("consent", "consentement", boolean, "consent"),
            Column(
                "consent_language",
                "langue_consentement",
                language,
                "consent_language",
                empty="",
                aliases=("langue_du_consentement",),
            ),
            Column(
                "interpreter",
                "interprète",
                boolean,
                "interpreter",
                empty=False,
                aliases=("interprete_requis", "besoin_interprete"),
            ),
        ]

    def preload(self) -> None:
        load_territories(self.context)
        load_sectors(self.context)
        rows = Corridor.objects.values_list(
            "code", "pk", "territory_id", "from_sector_id", "to_sector_id"
        )
        self.context["corridors"] = {code: pk for code, pk, *_rest in rows}
        self.context["corridor_route"] = {pk: tuple(rest) for _code, pk, *rest in rows}

    def check(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        problems = []
        if values["from_sector_id"] == values["to_sector_id"]:
            problems.append(("to_sector", _("A referral goes from one sector to another.")))
        if values["first_contact_on"] > values["referred_on"]:
            problems.append(
                ("first_contact_on", _("The first contact cannot come after the referral."))
            )
        taken_on = values["taken_in_charge_on"]
        if taken_on is not None and taken_on < values["referred_on"]:
            problems.append(
                (
                    "taken_in_charge_on",
                    _("The family cannot be taken in charge before being referred."),
                )
            )
        elif taken_in_the_future(taken_on):
            problems.append(("taken_in_charge_on", str(TAKEN_IN_THE_FUTURE)))
        status = values["status"]
        if status is None:  # not given: taken in charge when a date says so, else pending
            values["status"] = (
                ReferralStatus.TAKEN_IN_CHARGE if taken_on else ReferralStatus.PENDING
            )
        elif (status == ReferralStatus.TAKEN_IN_CHARGE) != (taken_on is not None):
            problems.append(
                (
                    "status",
                    _(
                        "The status is “taken in charge” exactly when a taken-in-charge date "
                        "is given."
                    ),
                )
            )
        closed_on = values["closed_on"]
        if closed_on is not None and closed_on < values["first_contact_on"]:
            problems.append(
                ("closed_on", _("A referral cannot be closed before the first contact."))
            )
        if values["corridor_id"] is not None:
            problems += self.check_corridor(values)
        return problems

    def check_corridor(self, values: dict[str, Any]) -> list[tuple[str, str]]:
        territory, from_sector, to_sector = self.context["corridor_route"][values["corridor_id"]]
        if territory != values["territory_id"]:
            return [("corridor", _("This corridor belongs to another territory."))]
        if (from_sector, to_sector) != (values["from_sector_id"], values["to_sector_id"]):
            message = _(
                "This corridor goes from %(from_sector)s to %(to_sector)s, "
                "not in the direction of this referral."
            ) % {"from_sector": from_sector, "to_sector": to_sector}
            return [("corridor", message)]
        return []

    def written_fields(self, present: list[Column]) -> set[str]:
        return super().written_fields(present) | {"family_id", "status"}

    def prepare(self, rows: list[Row]) -> None:
        """Not staged (SQLite): find or create each row's family (by territory and hash) and
        set its flag."""
        flags: dict[tuple[int, str], bool | None] = {}
        for row in rows:
            family = (row.values["territory_id"], row.values["family"])
            flag = row.values["immigrant_family"]
            if flag is not None or family not in flags:
                flags[family] = flag
        stored = self.families(flags)
        changes: dict[bool, list[int]] = {True: [], False: []}
        for family, flag in flags.items():
            pk, immigrant = stored[family]
            if flag is not None and flag != immigrant:
                changes[flag].append(pk)
        for flag, pks in changes.items():
            if pks:
                Family.objects.filter(pk__in=pks).update(immigrant=flag)
        for row in rows:
            family = (row.values["territory_id"], row.values["family"])
            row.values["family_id"] = stored[family][0]

    def families(self, flags: dict[tuple[int, str], bool | None]) -> dict[tuple[int, str], tuple]:
        """(id, immigrant) of each family, by (territory, hash); new families are created."""
        rows = Family.objects.filter(
            territory_id__in={territory for territory, _hash in flags},
            code_hash__in={code_hash for _territory, code_hash in flags},
        ).values_list("territory_id", "code_hash", "pk", "immigrant")
        stored = {(territory, code_hash): (pk, flag) for territory, code_hash, pk, flag in rows}
        new = [
            Family(
                id=random_id_within(territory),
                territory_id=territory,
                code_hash=code_hash,
                immigrant=bool(flag),
            )
            for (territory, code_hash), flag in flags.items()
            if (territory, code_hash) not in stored
        ]
        Family.objects.bulk_create(new, batch_size=300)
        if new and not connection.features.can_return_rows_from_bulk_insert:
            return self.families(flags)
        stored.update({(f.territory_id, f.code_hash): (f.pk, f.immigrant) for f in new})
        return stored

    def merge(self, stage: Stage, update_fields: list[str]) -> None:
        """Staged rows (PostgreSQL), a batch at a time: find each family of the batch once,
        insert those not stored yet, set the flag of those a row gives one (the last such row
        wins), then write the referrals joined to their family's id."""
        families = connection.ops.quote_name(Family._meta.db_table)
        given = "arrimage_stage_families"
        # Each family of the batch once, with the flag of its last row giving one (or NULL).
        stage.execute(f"DROP TABLE IF EXISTS {given}")
        stage.execute(
            f"CREATE TEMPORARY TABLE {given} ON COMMIT DROP AS"
            " SELECT DISTINCT ON (territory_id, family) territory_id, family, immigrant_family,"
            " NULL::bigint AS id, NULL::boolean AS immigrant"
            f" FROM {stage.name}"
            " ORDER BY territory_id, family, immigrant_family IS NULL, import_line DESC"
        )
        stage.execute(f"ANALYZE {given}")
        stage.execute(
            f"UPDATE {given} given SET id = family.id, immigrant = family.immigrant"
            f" FROM {families} family WHERE family.territory_id = given.territory_id"
            " AND family.code_hash = given.family"
        )
        stage.execute(
            f"WITH new AS (INSERT INTO {families} (id, territory_id, code_hash, immigrant)"
            f" SELECT {random_id_within_sql(connection.vendor, 'territory_id')},"
            " territory_id, family, coalesce(immigrant_family, false)"
            f" FROM {given} WHERE id IS NULL RETURNING id, territory_id, code_hash)"
            f" UPDATE {given} given SET id = new.id FROM new"
            " WHERE new.territory_id = given.territory_id AND new.code_hash = given.family"
        )
        stage.execute(
            f"UPDATE {families} family SET immigrant = given.immigrant_family FROM {given} given"
            " WHERE family.id = given.id AND given.immigrant <> given.immigrant_family"
        )
        stage.upsert(
            update_fields,
            source=f"{stage.name} s JOIN {given} given"
            " ON given.territory_id = s.territory_id AND given.family = s.family",
            computed={"family_id": "given.id"},
        )

    def describe_key(self, row: Row) -> str:
        return row.values["ref"]
