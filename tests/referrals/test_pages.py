"""The referral pages: who sees them, who gets 404, what a form refuses, what is logged."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from referrals.models import Family, Referral, ReferralStatus
from referrals.pseudonyms import hash_family_code, pseudonym_of
from territories.models import AccessLogEntry, AuditEntry
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def referral_a(territory_a):
    return factories.referral(territory_a, ref="A-1", referred_on=date(2024, 5, 1))


def pages(referral):
    return [
        reverse("referrals:list"),
        reverse("referrals:create"),
        reverse("referrals:watch"),
        reverse("referrals:detail", args=[referral.pk]),
        reverse("referrals:family", args=[referral.family_id]),
    ]


def test_url_names():
    assert reverse("referrals:list") == "/orientations/"
    assert reverse("referrals:create") == "/orientations/nouvelle/"
    assert reverse("referrals:watch") == "/orientations/a-surveiller/"
    assert reverse("referrals:detail", args=[7]) == "/orientations/7/"
    assert reverse("referrals:family", args=[7]) == "/orientations/familles/7/"


@pytest.mark.parametrize("cast", ["coordination_a", "admin"])
def test_coordinator_of_the_territory_and_admin_see_every_page(client, request, cast, referral_a):
    client.force_login(request.getfixturevalue(cast))
    for url in pages(referral_a):
        assert client.get(url).status_code == 200, url


@pytest.mark.parametrize("cast", ["conseiller", "pap_a"])
def test_advisor_and_pap_get_404_on_every_referral_page(client, request, cast, referral_a):
    client.force_login(request.getfixturevalue(cast))
    for url in pages(referral_a):
        assert client.get(url).status_code == 404, url
    action = reverse("referrals:action", args=[referral_a.pk])
    assert client.post(action, {"action": "decline", "version": 1}).status_code == 404
    assert Referral.objects.get(pk=referral_a.pk).status == ReferralStatus.PENDING


def test_coordinator_of_b_gets_404_on_a_referral_and_family_of_a(
    client, coordination_b, referral_a
):
    client.force_login(coordination_b)
    assert client.get(reverse("referrals:detail", args=[referral_a.pk])).status_code == 404
    assert client.get(reverse("referrals:family", args=[referral_a.family_id])).status_code == 404
    action = reverse("referrals:action", args=[referral_a.pk])
    assert client.post(action, {"action": "decline", "version": 1}).status_code == 404


def test_coordinator_of_b_does_not_see_a_in_the_list(client, coordination_b, referral_a):
    client.force_login(coordination_b)
    html = client.get(reverse("referrals:list")).content.decode()
    assert "A-1" not in html


def test_anonymous_is_sent_to_the_login_page(client, referral_a):
    for url in pages(referral_a):
        response = client.get(url)
        assert response.status_code == 302
        assert response.url.startswith("/connexion/")


def form_data(territory, **overrides):
    data = {
        "family_code": "DOSSIER-77",
        "territory": territory.pk,
        "from_sector": "MFA",
        "to_sector": "MSSS",
        "corridor": "",
        "first_contact_on": "2024-05-01",
        "referred_on": "2024-05-02",
        "taken_in_charge_on": "",
        "status": "pending",
        "closed_on": "",
        "consent": "true",
        "consent_language": "fr",
        "ref": "",
    }
    data.update(overrides)
    return data


def test_entering_a_referral_for_a_new_family_shows_its_pseudonym(
    client, coordination_a, territory_a
):
    client.force_login(coordination_a)

    response = client.post(reverse("referrals:create"), form_data(territory_a), follow=True)

    referral = Referral.objects.get()
    assert referral.family.code_hash == hash_family_code("DOSSIER-77")
    assert referral.ref == "A-20240502-1"
    html = response.content.decode()
    assert pseudonym_of(hash_family_code("DOSSIER-77")) in html
    assert "DOSSIER-77" not in html
    assert response.redirect_chain[-1][0] == reverse("referrals:detail", args=[referral.pk])


def test_a_second_referral_keeps_the_immigrant_flag_unless_changed(
    client, coordination_a, territory_a
):
    family = factories.family(territory_a, code="DOSSIER-77", immigrant=True)
    client.force_login(coordination_a)
    flag_changes = AuditEntry.objects.filter(object_type="referrals.family", action="update")

    response = client.post(reverse("referrals:create"), form_data(territory_a))  # not chosen

    assert response.status_code == 302
    family.refresh_from_db()
    assert family.immigrant is True
    assert not flag_changes.exists()

    response = client.post(reverse("referrals:create"), form_data(territory_a, immigrant="no"))

    assert response.status_code == 302
    family.refresh_from_db()
    assert family.immigrant is False
    assert flag_changes.get().changes == {"immigrant": [True, False]}
    assert Referral.objects.filter(family=family).count() == 2


def test_a_date_of_taking_in_charge_sets_the_status(client, coordination_a, territory_a):
    client.force_login(coordination_a)
    client.post(
        reverse("referrals:create"), form_data(territory_a, taken_in_charge_on="2024-05-03")
    )
    assert Referral.objects.get().status == ReferralStatus.TAKEN_IN_CHARGE


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        (
            {"taken_in_charge_on": "2024-05-01"},
            "taken_in_charge_on",
            "La famille ne peut pas être prise en charge avant d’avoir été orientée.",
        ),
        (
            {"first_contact_on": "2024-05-09"},
            "first_contact_on",
            "Le premier contact ne peut pas être postérieur à l’orientation.",
        ),
    ],
)
def test_bad_dates_show_the_french_message_by_the_field_and_write_nothing(
    client, coordination_a, territory_a, overrides, field, message
):
    client.force_login(coordination_a)

    response = client.post(reverse("referrals:create"), form_data(territory_a, **overrides))

    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert message.replace("'", "&#x27;") in response.content.decode()
    assert "DOSSIER-77" not in response.content.decode()  # the code is never shown back:
    assert "n’est pas réaffiché\u00a0: saisissez-le de nouveau" in response.content.decode()
    assert Referral.objects.count() == 0
    assert Family.objects.count() == 0


@pytest.mark.parametrize("editing", [False, True], ids=["create", "edit"])
def test_a_form_with_an_error_never_shows_the_family_code_back(
    client, coordination_a, referral_a, editing
):
    client.force_login(coordination_a)
    data = form_data(
        referral_a.territory,
        family_code="DOSSIER-SECRET-123",
        referred_on="2024-13-45",
        consent_language="es",
        ref="A-9",
        version=referral_a.version,
    )
    url = reverse("referrals:create")
    if editing:
        url = reverse("referrals:detail", args=[referral_a.pk])

    response = client.post(url, data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "DOSSIER-SECRET-123" not in html
    assert "le numéro de dossier de la famille n’est pas réaffiché" in html
    assert 'name="family_code"' in html and 'id="id_family_code"' in html
    assert 'value="es"' in html and 'value="A-9"' in html  # the other fields keep their input
    assert 'value="2024-05-01"' in html
    assert Referral.objects.get() == referral_a and referral_a.family.code_hash != (
        hash_family_code("DOSSIER-SECRET-123")
    )


def test_a_form_with_an_error_asks_for_no_code_when_none_was_typed(
    client, coordination_a, referral_a
):
    client.force_login(coordination_a)
    data = form_data(
        referral_a.territory, family_code="", referred_on="2024-13-45", version=referral_a.version
    )

    response = client.post(reverse("referrals:detail", args=[referral_a.pk]), data)

    assert response.status_code == 200
    assert "referred_on" in response.context["form"].errors
    assert "n’est pas réaffiché" not in response.content.decode()


@pytest.mark.parametrize("other_territory", [True, False])
def test_a_corridor_of_another_territory_or_the_wrong_way_is_refused_by_the_field(
    client, admin, territory_a, territory_b, other_territory
):
    corridor = (
        factories.corridor(territory_b, "MFA", "MSSS")
        if other_territory
        else factories.corridor(territory_a, "MSSS", "MFA")
    )
    client.force_login(admin)

    response = client.post(
        reverse("referrals:create"), form_data(territory_a, corridor=corridor.pk)
    )

    assert "corridor" in response.context["form"].errors
    assert Referral.objects.count() == 0


def test_a_coordinator_cannot_choose_a_corridor_of_another_territory(
    client, coordination_a, territory_a, territory_b
):
    corridor = factories.corridor(territory_b, "MFA", "MSSS")
    client.force_login(coordination_a)

    response = client.post(
        reverse("referrals:create"), form_data(territory_a, corridor=corridor.pk)
    )

    assert "corridor" in response.context["form"].errors
    assert Referral.objects.count() == 0


def test_a_coordinator_cannot_enter_a_referral_on_another_territory(
    client, coordination_a, territory_b
):
    client.force_login(coordination_a)
    response = client.post(reverse("referrals:create"), form_data(territory_b))
    assert "territory" in response.context["form"].errors
    assert Referral.objects.count() == 0


def test_the_family_code_never_travels_in_an_address(client, coordination_a, referral_a):
    client.force_login(coordination_a)
    html = client.get(reverse("referrals:create")).content.decode()
    assert 'method="post"' in html
    assert 'autocomplete="off"' in html and "autofocus" in html


def test_editing_a_referral_is_audited_with_old_and_new_values(client, coordination_a, referral_a):
    client.force_login(coordination_a)
    data = form_data(
        referral_a.territory,
        family_code="",
        first_contact_on="2024-05-01",
        referred_on="2024-05-01",
        ref="A-1",
        version=referral_a.version,
        consent_language="es",
    )

    response = client.post(reverse("referrals:detail", args=[referral_a.pk]), data)

    assert response.status_code == 302
    entry = AuditEntry.objects.get(object_type="referrals.referral", action="update")
    assert entry.changes == {"consent": [None, True], "consent_language": ["", "es"]}
    assert entry.actor == coordination_a


def test_a_concurrent_edit_is_refused_and_keeps_the_input(client, coordination_a, referral_a):
    client.force_login(coordination_a)
    Referral.objects.filter(pk=referral_a.pk).update(version=2)  # someone saved meanwhile
    data = form_data(
        referral_a.territory,
        family_code="",
        first_contact_on="2024-05-01",
        referred_on="2024-05-01",
        ref="A-1",
        version=1,
        consent_language="es",
    )

    response = client.post(reverse("referrals:detail", args=[referral_a.pk]), data)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Une autre personne a modifié cette orientation pendant que vous la modifiiez" in html
    assert 'value="es"' in html
    assert Referral.objects.get(pk=referral_a.pk).version == 2
    assert not AuditEntry.objects.filter(action="update").exists()


def test_views_of_the_family_page_list_and_detail_are_logged(client, coordination_a, referral_a):
    client.force_login(coordination_a)
    client.get(reverse("referrals:family", args=[referral_a.family_id]))
    client.get(reverse("referrals:detail", args=[referral_a.pk]))
    client.get(reverse("referrals:list"))

    entries = list(
        AccessLogEntry.objects.order_by("pk").values_list(
            "user__username", "object_type", "object_id"
        )
    )
    assert entries == [
        ("coordination-a", "referrals.family", str(referral_a.family_id)),
        ("coordination-a", "referrals.referral", str(referral_a.pk)),
        ("coordination-a", "", ""),
    ]


def test_the_quick_action_takes_in_charge_today_by_default(client, coordination_a, referral_a):
    client.force_login(coordination_a)
    client.post(
        reverse("referrals:action", args=[referral_a.pk]),
        {"action": "take_in_charge", "version": 1, "on": "", "next": "/orientations/a-surveiller/"},
    )
    referral_a.refresh_from_db()
    assert referral_a.status == ReferralStatus.TAKEN_IN_CHARGE
    assert referral_a.taken_in_charge_on == timezone.localdate()
    assert referral_a.version == 2


def test_a_stale_quick_action_changes_nothing(client, coordination_a, referral_a):
    client.force_login(coordination_a)
    Referral.objects.filter(pk=referral_a.pk).update(version=3)
    client.post(
        reverse("referrals:action", args=[referral_a.pk]), {"action": "decline", "version": 1}
    )
    assert Referral.objects.get(pk=referral_a.pk).status == ReferralStatus.PENDING


def test_family_page_marks_loops_oldest_first(client, coordination_a, territory_a):
    family = factories.family(territory_a)
    first = factories.referral(territory_a, family=family, ref="F-1", referred_on=date(2024, 5, 1))
    back = factories.referral(
        territory_a,
        family=family,
        ref="F-2",
        referred_on=date(2024, 6, 1),
        from_sector="MSSS",
        to_sector="MFA",
    )
    client.force_login(coordination_a)

    response = client.get(reverse("referrals:family", args=[family.pk]))

    timeline = response.context["timeline"]
    assert [(e.referral.ref, e.loop) for e in timeline] == [("F-1", False), ("F-2", True)]
    assert first.pk != back.pk


def test_list_filters_and_downloads_pseudonyms_only(client, coordination_a, territory_a):
    factories.referral(territory_a, ref="KEEP", status="lost", referred_on=date(2024, 5, 1))
    factories.referral(territory_a, ref="DROP", referred_on=date(2024, 5, 1))
    client.force_login(coordination_a)

    html = client.get(reverse("referrals:list"), {"status": "lost"}).content.decode()
    csv = client.get(reverse("referrals:list"), {"status": "lost", "format": "csv"})

    assert "KEEP" in html and "DROP" not in html
    text = csv.content.decode("utf-8-sig")
    assert text.startswith("Référence;Territoire;")
    assert "KEEP" in text and "DROP" not in text and "DOSSIER" not in text


def test_list_filters_by_fiscal_year(client, coordination_a, territory_a):
    factories.referral(territory_a, ref="IN", first_contact_on=date(2024, 3, 31))
    factories.referral(territory_a, ref="OUT", first_contact_on=date(2024, 4, 1))
    client.force_login(coordination_a)
    response = client.get(reverse("referrals:list"), {"fiscal_year": "2023-2024"})
    assert [r.ref for r in response.context["page"]] == ["IN"]


def test_list_query_count_does_not_grow_with_rows(
    client, coordination_a, territory_a, django_assert_num_queries
):
    client.force_login(coordination_a)
    for n in range(2):
        factories.referral(territory_a, ref=f"S-{n}", referred_on=date(2024, 5, 1))
    # session, user, scope, filter choices (territories, sectors ×2, corridors), count, rows,
    # access log, navigation's watch count
    with django_assert_num_queries(11) as small:
        client.get(reverse("referrals:list"))
    for n in range(8):
        factories.referral(territory_a, ref=f"L-{n}", referred_on=date(2024, 5, 1))
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(reverse("referrals:list"))


def test_every_referral_page_has_one_h1_no_inline_style_nor_script(client, admin, referral_a):
    from tests.test_pages import structure

    client.force_login(admin)
    for url in pages(referral_a):
        page = structure(client.get(url))
        assert page.h1_count == 1, url
        assert page.style_attributes == page.style_elements == page.inline_scripts == 0, url


def test_list_sorts_by_days_waiting_and_filters_overdue(client, coordination_a, territory_a):
    today = timezone.localdate()
    for ref, days in [("W5", 5), ("W30", 30), ("W22", 22)]:
        day = today - timedelta(days=days)
        factories.referral(territory_a, ref=ref, referred_on=day, first_contact_on=day)
    client.force_login(coordination_a)

    by_wait = client.get(reverse("referrals:list"), {"sort": "-days_waiting"})
    overdue = client.get(reverse("referrals:list"), {"overdue": "on", "sort": "ref"})

    assert [r.ref for r in by_wait.context["page"]] == ["W30", "W22", "W5"]
    assert [r.ref for r in overdue.context["page"]] == ["W22", "W30"]


def test_admin_changes_raise_the_version(client, admin, referral_a):
    from django.contrib.admin.sites import site

    from referrals.admin import ReferralAdmin

    request = type("Request", (), {"user": admin})()
    referral_a.consent_language = "en"
    ReferralAdmin(Referral, site).save_model(request, referral_a, None, change=True)

    assert Referral.objects.get(pk=referral_a.pk).version == 2
