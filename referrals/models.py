"""Families (pseudonymous), corridors and referrals (DESIGN.md section 4)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from referrals.dates import TAKEN_IN_THE_FUTURE, taken_in_the_future
from referrals.pseudonyms import pseudonym_of
from territories.access import ScopedQuerySet
from territories.models import (
    ActiveDuringQuerySet,
    ChoiceListValidator,
    Sector,
    Territory,
    code_validator,
)
from territories.models.rules import check_code_list, date_order_check
from territories.random_ids import random_id_field, random_id_within

language_validator = RegexValidator(
    r"^[a-z]{2}$", _("Give an ISO 639-1 language code of two letters (fr, en, es, ar, fa…).")
)


def validate_language_list(value: object) -> None:
    for item in check_code_list(value):
        language_validator(item)


class FamilyQuerySet(ScopedQuerySet):
    territory_path = "territory"
    family_level = True


class Family(models.Model):
    """A family, known only by the keyed hash of the coordinator's file code.

    Nothing else that identifies a person is stored: no name, birth date, address, health
    number or free-text note. Pages show :attr:`pseudonym`, derived from the hash.
    """

    id = random_id_field(default=None)  # random within its territory: see save()
    # No index of its own: the unique (territory, code_hash) index starts with it.
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        related_name="families",
        verbose_name=_("territory"),
        db_index=False,
    )
    code_hash = models.CharField(_("code hash"), max_length=64, editable=False)
    immigrant = models.BooleanField(_("immigrant family"), default=False)

    objects = FamilyQuerySet.as_manager()

    class Meta:
        ordering = ["territory", "code_hash"]
        verbose_name = _("family")
        verbose_name_plural = _("families")
        constraints = [
            models.UniqueConstraint(
                fields=["territory", "code_hash"], name="family_unique_territory_code"
            ),
            models.CheckConstraint(
                condition=Q(code_hash__regex=r"^[0-9a-f]{64}$"), name="family_code_hash_is_hmac"
            ),
        ]

    def __str__(self) -> str:
        return self.pseudonym

    def save(self, *args, **kwargs) -> None:
        if self.pk is None:  # bulk writers draw it too (territories.random_ids)
            self.pk = random_id_within(self.territory_id)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("referrals:family", kwargs={"pk": self.pk})

    @property
    def pseudonym(self) -> str:
        return pseudonym_of(self.code_hash)


class CorridorPriority(models.TextChoices):
    CHILD_PROTECTION = "child_protection", _("Youth protection")
    OUT_OF_NETWORK = "out_of_network", _("Children out of the childcare network")
    VULNERABILITY = "vulnerability", _("Developmental vulnerability")
    IMMIGRATION = "immigration", _("Immigration")


# The formal-corridor rule (DESIGN.md section 6, L2_FORMAL_CORRIDORS_PCT): an entry point, a
# target delay, consent forms in 2+ languages, a transfer form; what pages say when missing.
FORMAL_CRITERIA = {
    "entry_point": _("no entry point"),
    "target_delay": _("no target delay"),
    "consent_languages": _("consent forms in fewer than two languages"),
    "transfer_template": _("no transfer form"),
}


class CorridorQuerySet(ActiveDuringQuerySet):
    territory_path = "territory"
    start_field = "active_from"
    end_field = "active_to"


class Corridor(models.Model):
    """An intersectoral protocol on a territory, from one sector to another."""

    code = models.CharField(_("code"), max_length=30, unique=True, validators=[code_validator])
    territory = models.ForeignKey(
        Territory, on_delete=models.PROTECT, related_name="corridors", verbose_name=_("territory")
    )
    from_sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        related_name="corridors_out",
        verbose_name=_("from sector"),
    )
    to_sector = models.ForeignKey(
        Sector, on_delete=models.PROTECT, related_name="corridors_in", verbose_name=_("to sector")
    )
    entry_point = models.CharField(
        _("entry point"),
        max_length=200,
        blank=True,
        help_text=_("The defined entry point: a service or a role, not a person's name."),
    )
    target_delay_days = models.PositiveSmallIntegerField(
        _("target delay (days)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(365)],
        help_text=_("Empty: the protocol sets no target delay."),
    )
    consent_languages = models.JSONField(
        _("consent languages"),
        default=list,
        blank=True,
        validators=[validate_language_list],
        help_text=_("ISO 639-1 codes of the languages consent forms exist in."),
    )
    transfer_template = models.BooleanField(_("transfer form exists"), default=False)
    priorities = models.JSONField(
        _("priorities answered"),
        default=list,
        blank=True,
        validators=[ChoiceListValidator(CorridorPriority)],
    )
    active_from = models.DateField(_("active from"))
    active_to = models.DateField(_("active to"), null=True, blank=True)

    objects = CorridorQuerySet.as_manager()

    class Meta:
        ordering = ["code"]
        verbose_name = _("corridor")
        verbose_name_plural = _("corridors")
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_sector=F("to_sector")),
                name="corridor_between_two_sectors",
                violation_error_message=_("A corridor links two different sectors."),
            ),
            date_order_check("active_from", "active_to", "corridor_dates_in_order"),
            # The target of the referrals' composite foreign key (referrals.route_key): a
            # referral's corridor is of its territory and goes its way.
            models.UniqueConstraint(
                fields=["id", "territory", "from_sector", "to_sector"], name="corridor_route_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.from_sector_id} → {self.to_sector_id})"

    def clean(self) -> None:
        """Referrals follow a corridor of their territory, in its direction (the database
        refuses the change too: referrals.route_key): its route stays while they do."""
        if self.pk is None or not (self.territory_id and self.from_sector_id and self.to_sector_id):
            return
        moved = self.referrals.exclude(
            territory_id=self.territory_id,
            from_sector_id=self.from_sector_id,
            to_sector_id=self.to_sector_id,
        )
        if moved.exists():
            raise ValidationError(
                _(
                    "Referrals follow this corridor: its territory and sectors cannot change "
                    "while they do."
                )
            )

    @property
    def is_formal(self) -> bool:
        """Whether the corridor meets every one of :data:`FORMAL_CRITERIA`."""
        return all(self.meets_formal_criterion(criterion) for criterion in FORMAL_CRITERIA)

    def missing_formal_criteria(self) -> list[str]:
        """The :data:`FORMAL_CRITERIA` the corridor does not meet, in their order."""
        return [c for c in FORMAL_CRITERIA if not self.meets_formal_criterion(c)]

    def meets_formal_criterion(self, criterion: str) -> bool:
        """Whether the corridor meets ``criterion``, a key of :data:`FORMAL_CRITERIA`."""
        match criterion:
            case "entry_point":
                return bool(self.entry_point.strip())
            case "target_delay":
                return self.target_delay_days is not None
            case "consent_languages":
                return len(set(self.consent_languages or [])) >= 2
            case "transfer_template":
                return bool(self.transfer_template)
        raise ValueError(f"Unknown formal criterion: {criterion}")


class ReferralStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    TAKEN_IN_CHARGE = "taken_in_charge", _("Taken in charge")
    DECLINED = "declined", _("Declined")
    LOST = "lost", _("Lost")
    CANCELLED = "cancelled", _("Cancelled")


class ReferralQuerySet(ScopedQuerySet):
    territory_path = "territory"
    family_level = True


class Referral(models.Model):
    """A family referred from one sector to another on a territory."""

    # A million rows and more, written by bulk imports: every index slows each row written, so
    # foreign keys have none of their own (territory and family lead Meta's indexes; nothing
    # looks referrals up by sector, never deleted while named). The id is not a sequence.
    id = random_id_field()
    territory = models.ForeignKey(
        Territory,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("territory"),
        db_index=False,
    )
    ref = models.CharField(_("reference"), max_length=50, validators=[code_validator])
    family = models.ForeignKey(
        Family,
        on_delete=models.PROTECT,
        related_name="referrals",
        verbose_name=_("family"),
        db_index=False,
    )
    from_sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        related_name="referrals_out",
        verbose_name=_("from sector"),
        db_index=False,
    )
    to_sector = models.ForeignKey(
        Sector,
        on_delete=models.PROTECT,
        related_name="referrals_in",
        verbose_name=_("to sector"),
        db_index=False,
    )
    corridor = models.ForeignKey(
        Corridor,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("corridor"),
    )
    first_contact_on = models.DateField(_("first contact on"))
    referred_on = models.DateField(_("referred on"))
    taken_in_charge_on = models.DateField(_("taken in charge on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReferralStatus.choices, default=ReferralStatus.PENDING
    )
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    consent = models.BooleanField(_("consent given"), null=True, blank=True)
    consent_language = models.CharField(
        _("consent language"), max_length=2, blank=True, validators=[language_validator]
    )
    interpreter = models.BooleanField(_("interpreter needed"), default=False)
    # Raised by every change (services and imports): a form sends back the version it was loaded
    # with; a save on top of someone else's is refused. (COPY may leave it to its default.)
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1, editable=False)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-referred_on", "ref"]
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        constraints = [
            models.UniqueConstraint(fields=["territory", "ref"], name="referral_unique_key"),
            models.CheckConstraint(
                condition=Q(first_contact_on__lte=F("referred_on")),
                name="referral_first_contact_before_referral",
                violation_error_message=_("The first contact cannot come after the referral."),
            ),
            models.CheckConstraint(
                condition=Q(taken_in_charge_on__isnull=True)
                | Q(taken_in_charge_on__gte=F("referred_on")),
                name="referral_taken_in_charge_after_referral",
                violation_error_message=_(
                    "The family cannot be taken in charge before being referred."
                ),
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=ReferralStatus.TAKEN_IN_CHARGE, taken_in_charge_on__isnull=False)
                    | (
                        ~Q(status=ReferralStatus.TAKEN_IN_CHARGE)
                        & Q(taken_in_charge_on__isnull=True)
                    )
                ),
                name="referral_status_matches_taken_in_charge",
                violation_error_message=_(
                    "The status is “taken in charge” exactly when a taken-in-charge date is given."
                ),
            ),
            models.CheckConstraint(
                condition=Q(status__in=ReferralStatus.values), name="referral_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(from_sector=F("to_sector")),
                name="referral_between_two_sectors",
                violation_error_message=_("A referral goes from one sector to another."),
            ),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | Q(closed_on__gte=F("first_contact_on")),
                name="referral_closed_after_first_contact",
                violation_error_message=_("A referral cannot be closed before the first contact."),
            ),
        ]
        indexes = [
            models.Index(fields=["territory", "referred_on"], name="referral_territory_date"),
            models.Index(fields=["family", "referred_on"], name="referral_family_date"),
        ]

    def __str__(self) -> str:
        return f"{self.territory_id}/{self.ref}"

    def get_absolute_url(self) -> str:
        return reverse("referrals:detail", kwargs={"pk": self.pk})

    def clean(self) -> None:
        """The rules of the constraints, each next to its field (a form shows it there); a
        referral's family and corridor belong to its territory; the corridor joins the same two
        sectors, in the same direction."""
        errors = self._date_and_status_errors()
        if self.family_id and self.territory_id and self.family.territory_id != self.territory_id:
            errors["family"] = _("This family is recorded on another territory.")
        if self.corridor_id and self.territory_id:
            corridor = self.corridor
            if corridor.territory_id != self.territory_id:
                errors["corridor"] = _("This corridor belongs to another territory.")
            elif (corridor.from_sector_id, corridor.to_sector_id) != (
                self.from_sector_id,
                self.to_sector_id,
            ):
                errors["corridor"] = _(
                    "This corridor goes from %(from_sector)s to %(to_sector)s, "
                    "not in the direction of this referral."
                ) % {"from_sector": corridor.from_sector_id, "to_sector": corridor.to_sector_id}
        if errors:
            raise ValidationError(errors)

    def _date_and_status_errors(self) -> dict:
        errors = {}
        if self.from_sector_id and self.from_sector_id == self.to_sector_id:
            errors["to_sector"] = _("A referral goes from one sector to another.")
        first, referred = self.first_contact_on, self.referred_on
        if first and referred and first > referred:
            errors["first_contact_on"] = _("The first contact cannot come after the referral.")
        taken = self.taken_in_charge_on
        if taken and referred and taken < referred:
            errors["taken_in_charge_on"] = _(
                "The family cannot be taken in charge before being referred."
            )
        elif taken_in_the_future(taken):
            errors["taken_in_charge_on"] = TAKEN_IN_THE_FUTURE
        elif (self.status == ReferralStatus.TAKEN_IN_CHARGE) != (taken is not None):
            if taken is None:
                errors["taken_in_charge_on"] = _("Give the date the family was taken in charge.")
            else:
                errors["status"] = _(
                    "The status is “taken in charge” exactly when a taken-in-charge date is given."
                )
        if self.closed_on and first and self.closed_on < first:
            errors["closed_on"] = _("A referral cannot be closed before the first contact.")
        return errors
