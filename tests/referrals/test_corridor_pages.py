"""The corridor pages (``/corridors/``): who sees them, what each corridor lacks to be formal,
creating, changing and ending one (scope, French messages, nothing written on bad input, the
audit trail's old → new), and a list whose query count does not grow.

Cast (tests/conftest.py): ``coordination_a`` enters data on A, ``admin`` everywhere;
``coordination_b``, ``conseiller`` and ``pap_a`` get 404 on A's corridors.
"""

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from referrals.corridors import services
from referrals.models import Corridor
from territories.models import AuditAction, AuditEntry, Sector
from tests import factories
from tests.data_entry_layout import assert_layout

LIST = reverse("corridors:list")
CREATE = reverse("corridors:create")


def detail(code: str) -> str:
    return reverse("corridors:detail", kwargs={"code": code})


def end(code: str) -> str:
    return reverse("corridors:end", kwargs={"code": code})


def valid_post(territory, **changes) -> dict:
    data = {
        "territory": territory.pk,
        "code": "A-MFA-MSSS",
        "from_sector": "MFA",
        "to_sector": "MSSS",
        "entry_point": "Guichet d'accès jeunesse",
        "target_delay_days": "2",
        "languages": ["fr", "en"],
        "other_languages": "",
        "transfer_template": "on",
        "priorities": ["child_protection"],
        "active_from": "2024-04-01",
        "active_to": "",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


@pytest.fixture
def corridor_a(territory_a):
    return factories.corridor(territory_a, code="A-COR", entry_point="", target_delay_days=None)


# Who sees the pages


@pytest.mark.parametrize("cast", ["coordination_a", "admin"])
def test_coordinator_and_admin_see_the_list_the_form_and_the_corridor(
    client, request, cast, corridor_a
):
    client.force_login(request.getfixturevalue(cast))

    for address in (LIST, CREATE, detail("A-COR")):
        response = client.get(address)
        assert response.status_code == 200, address
    assert "A-COR" in client.get(LIST).content.decode()


@pytest.mark.parametrize("address", [LIST, CREATE, detail("A-COR")])
def test_each_page_has_one_h1_unique_ids_and_no_inline_script(
    client, coordination_a, corridor_a, address
):
    client.force_login(coordination_a)

    assert_layout(client.get(address))


@pytest.mark.parametrize("cast", ["coordination_b", "conseiller", "pap_a"])
def test_others_get_404_on_a_corridor_of_a(client, request, cast, corridor_a):
    client.force_login(request.getfixturevalue(cast))

    assert client.get(detail("A-COR")).status_code == 404
    assert client.post(end("A-COR"), {"fin-active_to": "2025-01-01"}).status_code == 404
    corridor_a.refresh_from_db()
    assert corridor_a.active_to is None


@pytest.mark.parametrize("cast", ["conseiller", "pap_a"])
def test_advisors_and_paps_get_404_on_the_list_and_the_form(client, request, cast, corridor_a):
    client.force_login(request.getfixturevalue(cast))

    assert client.get(LIST).status_code == 404
    assert client.get(CREATE).status_code == 404


def test_anonymous_visitors_are_sent_to_log_in(client, corridor_a):
    response = client.get(detail("A-COR"))

    assert response.status_code == 302
    assert response.url.startswith("/connexion/")


def test_the_list_shows_only_the_coordinators_territories(
    client, coordination_b, corridor_a, territory_b
):
    factories.corridor(territory_b, code="B-COR")
    client.force_login(coordination_b)

    html = client.get(LIST).content.decode()

    assert "B-COR" in html
    assert "A-COR" not in html


def test_the_list_filters_by_territory(client, admin, corridor_a, territory_b):
    factories.corridor(territory_b, code="B-COR")
    client.force_login(admin)

    html = client.get(LIST, {"territoire": "B"}).content.decode()

    assert "B-COR" in html
    assert "A-COR" not in html


# What a corridor lacks to be formal, in words


def test_the_list_says_in_words_what_a_corridor_lacks(client, coordination_a, corridor_a):
    client.force_login(coordination_a)

    html = client.get(LIST).content.decode()

    assert "Non formel" in html
    assert "aucun point d’entrée" in html
    assert "aucun délai cible" in html
    assert "formulaires de consentement dans moins de deux langues" in html
    assert "aucun gabarit de transfert" in html


def test_the_corridor_page_says_formal_and_its_priorities_in_french(
    client, coordination_a, territory_a
):
    factories.corridor(
        territory_a,
        code="A-OK",
        entry_point="Guichet",
        target_delay_days=2,
        consent_languages=["fr", "en"],
        transfer_template=True,
        priorities=["out_of_network", "immigration"],
    )
    client.force_login(coordination_a)

    html = client.get(detail("A-OK")).content.decode()

    assert "Formel" in html and "Non formel" not in html
    assert "Enfants hors du réseau des services de garde, Immigration" in html


# Creating


def test_the_create_form_proposes_two_days(client, coordination_a):
    client.force_login(coordination_a)

    form = client.get(CREATE).context["form"]

    assert form.fields["target_delay_days"].initial == 2


def test_a_coordinator_creates_a_corridor_and_the_audit_keeps_it(
    client, coordination_a, territory_a
):
    client.force_login(coordination_a)

    response = client.post(CREATE, valid_post(territory_a, other_languages="ES, vi"))

    assert response.status_code == 302
    corridor = Corridor.objects.get(code="A-MFA-MSSS")
    assert corridor.territory == territory_a
    assert corridor.consent_languages == ["fr", "en", "es", "vi"]
    assert corridor.priorities == ["child_protection"]
    assert corridor.target_delay_days == 2
    assert corridor.is_formal
    entry = AuditEntry.objects.get(object_type="referrals.corridor")
    assert entry.action == AuditAction.CREATE
    assert entry.actor == coordination_a
    assert entry.territory == territory_a
    assert entry.changes["code"] == [None, "A-MFA-MSSS"]


def test_an_empty_delay_means_none_set(client, coordination_a, territory_a):
    client.force_login(coordination_a)

    client.post(CREATE, valid_post(territory_a, target_delay_days=""))

    assert Corridor.objects.get(code="A-MFA-MSSS").target_delay_days is None


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"to_sector": "MFA"}, "to_sector", "Un corridor relie deux secteurs différents."),
        (
            {"active_to": "2024-01-01"},
            "active_to",
            "Un corridor ne peut pas prendre fin avant de commencer.",
        ),
        ({"other_languages": "fra, x1"}, "other_languages", "code ISO 639-1"),
        ({"target_delay_days": "-1"}, "target_delay_days", "supérieure ou égale à 0"),
        ({"code": "A MFA"}, "code", "lettres, des chiffres"),
        ({"priorities": ["weather"]}, "priorities", "choix valide"),
    ],
)
def test_bad_input_shows_a_french_message_and_writes_nothing(
    client, coordination_a, territory_a, changes, field, message
):
    client.force_login(coordination_a)

    response = client.post(CREATE, valid_post(territory_a, **changes))

    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors.get(field, []))
    assert message in errors, response.context["form"].errors
    assert message in response.content.decode().replace("&#x27;", "'")
    assert not Corridor.objects.exists()
    assert not AuditEntry.objects.exists()


def test_a_code_already_taken_is_refused(client, coordination_a, territory_a, corridor_a):
    client.force_login(coordination_a)

    response = client.post(CREATE, valid_post(territory_a, code="A-COR"))

    assert "code" in response.context["form"].errors
    assert Corridor.objects.count() == 1


def test_a_coordinator_cannot_create_on_another_territory(client, coordination_a, territory_b):
    client.force_login(coordination_a)

    response = client.post(CREATE, valid_post(territory_b))

    assert "territory" in response.context["form"].errors
    assert not Corridor.objects.exists()


def test_the_service_refuses_a_territory_out_of_scope(coordination_a, territory_b):
    with pytest.raises(PermissionDenied):
        services.create_corridor(
            actor=coordination_a,
            territory=territory_b,
            code="B-X",
            from_sector=Sector.objects.get(code="MFA"),
            to_sector=Sector.objects.get(code="MEQ"),
            active_from=date(2024, 4, 1),
        )
    assert not Corridor.objects.exists()


# Changing and ending


def test_an_edit_records_old_and_new_values(client, coordination_a, territory_a, corridor_a):
    client.force_login(coordination_a)
    data = valid_post(territory_a, entry_point="CLSC", target_delay_days="5")
    del data["territory"], data["code"]

    response = client.post(detail("A-COR"), data)

    assert response.status_code == 302
    corridor_a.refresh_from_db()
    assert corridor_a.entry_point == "CLSC"
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert entry.changes["entry_point"] == ["", "CLSC"]
    assert entry.changes["target_delay_days"] == [None, 5]
    # territories.audit.snapshot keeps a JSON list as its text
    assert entry.changes["consent_languages"] == [[], ["fr", "en"]]
    assert "territory" not in entry.changes


def test_a_bad_edit_keeps_the_input_and_changes_nothing(client, coordination_a, corridor_a):
    client.force_login(coordination_a)
    data = valid_post(corridor_a.territory, entry_point="CLSC", active_to="2020-01-01")
    del data["territory"], data["code"]

    response = client.post(detail("A-COR"), data)

    assert response.status_code == 200
    assert 'value="CLSC"' in response.content.decode()
    corridor_a.refresh_from_db()
    assert corridor_a.entry_point == ""
    assert corridor_a.active_to is None
    assert not AuditEntry.objects.exists()


def test_sectors_cannot_change_once_referrals_go_along_it(coordination_a, corridor_a):
    factories.referral(
        corridor_a.territory,
        corridor=corridor_a,
        from_sector=corridor_a.from_sector,
        to_sector=corridor_a.to_sector,
    )

    with pytest.raises(ValidationError) as raised:
        services.update_corridor(
            actor=coordination_a, corridor=corridor_a, to_sector=Sector.objects.get(code="MEQ")
        )

    assert "to_sector" in raised.value.message_dict
    assert Corridor.objects.get(pk=corridor_a.pk).to_sector_id == "MSSS"


def test_ending_a_corridor_sets_its_last_day(client, coordination_a, corridor_a):
    client.force_login(coordination_a)

    response = client.post(end("A-COR"), {"fin-active_to": "2025-03-31"})

    assert response.status_code == 302
    corridor_a.refresh_from_db()
    assert corridor_a.active_to == date(2025, 3, 31)
    entry = AuditEntry.objects.get(action=AuditAction.UPDATE)
    assert entry.changes == {"active_to": [None, "2025-03-31"]}


def test_ending_before_the_start_is_refused_in_french(client, coordination_a, corridor_a):
    client.force_login(coordination_a)

    response = client.post(end("A-COR"), {"fin-active_to": "2020-01-01"})

    assert response.status_code == 200
    assert "ne peut pas prendre fin avant de commencer" in response.content.decode()
    corridor_a.refresh_from_db()
    assert corridor_a.active_to is None


# Query count


@pytest.mark.parametrize("extra", [1, 8])
def test_the_list_query_count_does_not_grow_with_rows(
    client, django_assert_num_queries, coordination_a, territory_a, extra
):
    for n in range(extra):
        factories.corridor(territory_a, code=f"A-N{n}", priorities=["immigration"])
    client.force_login(coordination_a)

    # 1 session, 2 user, 3 the user's territories (the filter), 4 the user's territory ids
    # (scope), 5 the corridors with their territory, 6 the navigation's watch-list count.
    with django_assert_num_queries(6):
        response = client.get(LIST)

    assert len(response.context["rows"]) == extra
