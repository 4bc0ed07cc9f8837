"""Writes for referrals, shared by the forms, the import and the tests.

Families are registered by their code, never storing it (only its keyed hash). Every change of
a referral goes through :func:`_save`: the actor's scope, the model's rules (``full_clean``),
the version the form was loaded with (a save over someone else's change is refused, never
silent), one audit entry with each field's old → new value, all in one transaction.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from referrals.models import Family, Referral, ReferralStatus
from referrals.pseudonyms import hash_family_code
from territories.access import enters_data, territory_ids
from territories.audit import changes_between, record, snapshot
from territories.models import AuditAction, Territory

if TYPE_CHECKING:
    from territories.models import User

# What the audit trail keeps of a referral: the family by its id, never a code.
AUDITED_FIELDS = (
    "ref",
    "territory",
    "family",
    "from_sector",
    "to_sector",
    "corridor",
    "first_contact_on",
    "referred_on",
    "taken_in_charge_on",
    "status",
    "closed_on",
    "consent",
    "consent_language",
    "interpreter",
)
# The fields a form or a caller may set (``version`` is the service's own).
EDITABLE_FIELDS = frozenset(AUDITED_FIELDS) - {"family"}


class StaleReferral(ValidationError):
    """The referral changed since the form was loaded (its version moved on)."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this referral while you were editing it. Your changes "
                "were not saved: reload the page to see theirs, then enter yours again."
            ),
            code="stale",
        )


def register_family(
    *,
    territory: Territory,
    code: str,
    immigrant: bool | None = None,
    actor: User | None = None,
) -> Family:
    """The family of ``code`` on ``territory``, created when new; ``immigrant`` updates the flag.
    With an ``actor``, a new family or a changed flag is audited (never the code)."""
    family, created = Family.objects.get_or_create(
        territory=territory,
        code_hash=hash_family_code(code),
        defaults={"immigrant": bool(immigrant)},
    )
    if created:
        if actor is not None:
            record(
                actor=actor,
                instance=family,
                action=AuditAction.CREATE,
                changes={"immigrant": [None, family.immigrant]},
                territory=territory,
            )
    elif immigrant is not None and family.immigrant != immigrant:
        before = family.immigrant
        family.immigrant = immigrant
        family.save(update_fields=["immigrant"])
        if actor is not None:
            record(
                actor=actor,
                instance=family,
                action=AuditAction.UPDATE,
                changes={"immigrant": [before, immigrant]},
                territory=territory,
            )
    return family


def check_scope(actor: User, territory_id: int) -> None:
    """Coordinators write in their territories only; administrators everywhere."""
    ids = territory_ids(actor)
    if not enters_data(actor) or (ids is not None and territory_id not in ids):
        raise PermissionDenied


def settle_status(fields: dict[str, Any]) -> None:
    """Taking charge sets the status: a date of taking in charge on a pending (or unset)
    status makes it ``taken_in_charge``; an unset status is otherwise pending."""
    if fields.get("taken_in_charge_on") and fields.get("status") in (
        None,
        "",
        ReferralStatus.PENDING,
    ):
        fields["status"] = ReferralStatus.TAKEN_IN_CHARGE
    elif not fields.get("status"):
        fields["status"] = ReferralStatus.PENDING


def create_referral(
    *,
    actor: User,
    territory: Territory,
    family_code: str,
    immigrant: bool | None = None,
    **fields: Any,
) -> Referral:
    """A new referral of the family of ``family_code`` on ``territory``; ``fields`` are the
    model's (:data:`EDITABLE_FIELDS`); an empty ``ref`` is numbered ``<code>-<yyyymmdd>-<n>``."""
    check_scope(actor, territory.pk)
    _known_fields(fields)
    settle_status(fields)
    fields.pop("territory", None)
    with transaction.atomic():
        family = register_family(
            territory=territory, code=family_code, immigrant=immigrant, actor=actor
        )
        referral = Referral(territory=territory, family=family, **fields)
        if not referral.ref:
            referral.ref = _next_ref(territory, referral.referred_on)
        _validate(referral)
        referral.save()
        record(
            actor=actor,
            instance=referral,
            action=AuditAction.CREATE,
            changes=changes_between({}, snapshot(referral, AUDITED_FIELDS)),
            territory=territory,
        )
    return referral


def update_referral(
    *,
    actor: User,
    referral: Referral,
    version: int,
    family_code: str = "",
    immigrant: bool | None = None,
    **fields: Any,
) -> Referral:
    """Change ``referral`` as loaded at ``version``; a ``family_code`` moves it to that family
    (found or created on its territory). Raises :class:`StaleReferral` when it changed since."""
    _known_fields(fields)
    settle_status(fields)

    def change(current: Referral) -> None:
        for name, value in fields.items():
            setattr(current, name, value)
        if family_code:
            current.family = register_family(
                territory=current.territory, code=family_code, immigrant=immigrant, actor=actor
            )
        elif current.territory_id != current.family.territory_id:
            raise ValidationError(
                {"family_code": _("Type the family's file code: a family is per territory.")}
            )

    return _save(actor=actor, referral=referral, version=version, change=change)


def take_in_charge(
    *, actor: User, referral: Referral, version: int, on: date | None = None
) -> Referral:
    """The family was taken in charge ``on`` (today by default)."""
    on = on or timezone.localdate()
    return _quick(
        actor, referral, version, taken_in_charge_on=on, status=ReferralStatus.TAKEN_IN_CHARGE
    )


def decline(*, actor: User, referral: Referral, version: int) -> Referral:
    """The receiving sector declined the referral."""
    return _quick(actor, referral, version, status=ReferralStatus.DECLINED)


def mark_lost(*, actor: User, referral: Referral, version: int) -> Referral:
    """The family was lost between the two services."""
    return _quick(actor, referral, version, status=ReferralStatus.LOST)


def close(*, actor: User, referral: Referral, version: int, on: date | None = None) -> Referral:
    """The referral's file is closed ``on`` (today by default)."""
    on = on or timezone.localdate()

    def change(current: Referral) -> None:
        current.closed_on = on

    return _save(actor=actor, referral=referral, version=version, change=change)


def _quick(actor: User, referral: Referral, version: int, **values: Any) -> Referral:
    def change(current: Referral) -> None:
        if current.status != ReferralStatus.PENDING:
            raise ValidationError(
                _("This referral is no longer pending: change it through its form.")
            )
        for name, value in values.items():
            setattr(current, name, value)

    return _save(actor=actor, referral=referral, version=version, change=change)


def _save(*, actor: User, referral: Referral, version: int, change) -> Referral:
    """Lock the stored row, check scope and version, apply ``change``, validate, save with the
    next version, audit old → new. ``referral`` is refreshed from what was saved."""
    with transaction.atomic():
        current = Referral.objects.select_for_update().get(pk=referral.pk)
        check_scope(actor, current.territory_id)
        if current.version != version:
            raise StaleReferral
        before = snapshot(current, AUDITED_FIELDS)
        change(current)
        check_scope(actor, current.territory_id)  # a move to another territory, too
        _validate(current)
        current.version += 1
        current.save()
        record(
            actor=actor,
            instance=current,
            action=AuditAction.UPDATE,
            changes=changes_between(before, snapshot(current, AUDITED_FIELDS)),
            territory=current.territory,
        )
    referral.__dict__.update(current.__dict__)
    return current


def _validate(referral: Referral) -> None:
    """``full_clean``, a duplicate reference named on its field."""
    try:
        referral.full_clean()
    except ValidationError as error:
        errors = error.update_error_dict({})
        duplicates = [e for e in errors.get(NON_FIELD_ERRORS, []) if e.code == "unique_together"]
        if duplicates:
            others = [e for e in errors[NON_FIELD_ERRORS] if e.code != "unique_together"]
            errors.pop(NON_FIELD_ERRORS)
            if others:
                errors[NON_FIELD_ERRORS] = others
            errors["ref"] = [_("This reference is already used on this territory.")]
        raise ValidationError(errors) from None


def _known_fields(fields: dict[str, Any]) -> None:
    unknown = set(fields) - EDITABLE_FIELDS
    if unknown:
        raise TypeError(f"Not a referral field one may set: {sorted(unknown)}")


def _next_ref(territory: Territory, referred_on: date | None) -> str:
    """``A-20241105-3``: the territory, the day of the referral, the next number that day."""
    prefix = f"{territory.code}-{(referred_on or timezone.localdate()):%Y%m%d}-"
    taken = set(
        Referral.objects.filter(territory=territory, ref__startswith=prefix).values_list(
            "ref", flat=True
        )
    )
    number = len(taken) + 1
    while f"{prefix}{number}" in taken:
        number += 1
    return f"{prefix}{number}"
