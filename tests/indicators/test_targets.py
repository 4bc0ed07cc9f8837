"""The registry and the targets in force: seeded defaults, overrides, admin only, audited."""

from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from indicators import registry
from indicators.models import IndicatorTarget, ensure_default_targets
from territories.models import AuditEntry, Role
from tests import factories

pytestmark = pytest.mark.django_db


def test_the_registry_holds_the_nineteen_indicators_of_the_six_levers():
    assert len(registry.INDICATORS) == 19
    assert len(set(registry.CODES)) == 19
    assert {indicator.lever for indicator in registry.INDICATORS} == {1, 2, 3, 4, 5, 6}
    assert all(code.startswith(f"L{registry.get(code).lever}_") for code in registry.CODES)
    assert all(i.name_fr and i.name_en and i.definition_fr for i in registry.INDICATORS)


def test_default_targets_are_the_designs():
    defaults = {
        i.code: str(i.default_target) for i in registry.INDICATORS if i.default_target is not None
    }
    assert defaults == {
        "L2_HANDOFF_DELAY_DAYS": "<=2",
        "L2_ESCAPE_RATE_PCT": "<10",
        "L4_FAMILY_SATISFACTION": ">=4",
        "L6_PAP_SATISFACTION": ">=4",
    }


def test_migrate_seeds_one_province_row_per_indicator_from_the_defaults():
    rows = {t.indicator: t for t in IndicatorTarget.objects.filter(territory__isnull=True)}
    assert set(rows) == set(registry.CODES)
    assert str(rows["L2_ESCAPE_RATE_PCT"].as_target()) == "<10"
    assert rows["L3_TURNOVER_PCT"].as_target() is None


def test_seeding_again_keeps_an_administrators_change():
    IndicatorTarget.objects.filter(indicator="L2_ESCAPE_RATE_PCT", territory=None).update(
        comparison="", value=None
    )
    IndicatorTarget.objects.filter(indicator="L1_PRESENTATIONS", territory=None).delete()
    ensure_default_targets()
    emptied = IndicatorTarget.objects.get(indicator="L2_ESCAPE_RATE_PCT", territory=None)
    assert emptied.as_target() is None
    assert IndicatorTarget.objects.filter(indicator="L1_PRESENTATIONS", territory=None).exists()


@pytest.mark.parametrize(
    ("comparison", "threshold", "value", "met"),
    [
        ("<=", "2", Fraction(2), True),
        ("<=", "2", Fraction(2000001, 1000000), False),
        ("<", "10", Fraction(10), False),
        ("<", "10", Fraction(999, 100), True),
        (">=", "4", Fraction(4), True),
        (">=", "4", Fraction(399, 100), False),
    ],
)
def test_a_value_on_its_target_meets_at_most_and_at_least_but_misses_less_than(
    comparison, threshold, value, met
):
    assert registry.Target(comparison, Decimal(threshold)).is_met_by(value) is met


def test_target_strings_drop_trailing_zeros():
    assert str(registry.Target(">=", Decimal("3.5000"))) == ">=3.5"
    assert str(registry.Target("<=", Decimal("2.0000"))) == "<=2"


def test_a_territory_has_at_most_one_target_per_indicator(territory_a):
    IndicatorTarget.objects.create(
        indicator="L2_HANDOFF_DELAY_DAYS", territory=territory_a, comparison="<=", value=3
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorTarget.objects.create(
            indicator="L2_HANDOFF_DELAY_DAYS", territory=territory_a, comparison="<=", value=4
        )


def test_a_comparison_needs_a_threshold_and_the_code_must_exist(territory_a):
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorTarget.objects.create(
            indicator="L3_TURNOVER_PCT", territory=territory_a, comparison="<"
        )
    target = IndicatorTarget(indicator="L9_NOTHING", territory=territory_a)
    with pytest.raises(ValidationError) as error:
        target.full_clean()
    assert "indicator" in error.value.message_dict


def _form(indicator, territory, comparison, value):
    return {
        "indicator": indicator,
        "territory": territory.pk if territory else "",
        "comparison": comparison,
        "value": value,
    }


def test_an_administrator_overrides_a_target_for_a_territory_and_it_is_audited(
    client, admin, territory_a
):
    client.force_login(admin)
    response = client.post(
        "/admin/indicators/indicatortarget/add/",
        _form("L2_HANDOFF_DELAY_DAYS", territory_a, "<=", "3"),
    )
    assert response.status_code == 302
    target = IndicatorTarget.objects.get(indicator="L2_HANDOFF_DELAY_DAYS", territory=territory_a)
    assert str(target.as_target()) == "<=3"

    response = client.post(
        f"/admin/indicators/indicatortarget/{target.pk}/change/",
        _form("L2_HANDOFF_DELAY_DAYS", territory_a, "<=", "2.5"),
    )
    assert response.status_code == 302
    entries = AuditEntry.objects.filter(object_type="indicators.indicatortarget").order_by("at")
    assert [entry.action for entry in entries] == ["create", "update"]
    assert entries[1].actor == admin
    assert entries[1].changes == {"value": ["3.0000", "2.5000"]}
    assert entries[1].territory == territory_a


def test_a_province_target_can_be_emptied_but_not_deleted(client, admin):
    client.force_login(admin)
    target = IndicatorTarget.objects.get(indicator="L6_PAP_SATISFACTION", territory=None)
    response = client.post(
        f"/admin/indicators/indicatortarget/{target.pk}/delete/", {"post": "yes"}
    )
    assert response.status_code == 403
    response = client.post(
        f"/admin/indicators/indicatortarget/{target.pk}/change/",
        _form("L6_PAP_SATISFACTION", None, "", ""),
    )
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.as_target() is None


def test_only_administrators_reach_targets_in_the_admin(client, territory_a):
    coordinator = factories.user(
        "coord-staff", role=Role.COORDINATION, territories=[territory_a], is_staff=True
    )
    from django.contrib.auth.models import Permission

    coordinator.user_permissions.set(
        Permission.objects.filter(codename__endswith="indicatortarget")
    )
    client.force_login(coordinator)
    assert client.get("/admin/indicators/indicatortarget/").status_code == 403
    response = client.post(
        "/admin/indicators/indicatortarget/add/",
        _form("L2_HANDOFF_DELAY_DAYS", territory_a, "<=", "30"),
    )
    assert response.status_code == 403
    assert not IndicatorTarget.objects.filter(territory=territory_a).exists()


def test_saving_a_target_unchanged_records_nothing(client, admin, territory_a):
    """3 typed again for a stored 3.0000 is no change."""
    target = IndicatorTarget.objects.create(
        indicator="L2_HANDOFF_DELAY_DAYS", territory=territory_a, comparison="<=", value=3
    )
    client.force_login(admin)
    response = client.post(
        f"/admin/indicators/indicatortarget/{target.pk}/change/",
        _form("L2_HANDOFF_DELAY_DAYS", territory_a, "<=", "3"),
    )
    assert response.status_code == 302
    assert not AuditEntry.objects.filter(object_type="indicators.indicatortarget").exists()
