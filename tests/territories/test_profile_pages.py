"""Socio-health profiles ``/territoires/<code>/profils/<YYYY-YYYY>/``: who sees them (the
``QC`` reference profile: administrators only), values typed the Quebec way, empty values,
refused values writing nothing, the audit and the list's query count."""

import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from territories.models import AuditEntry, SocioHealthProfile
from territories.services import projects
from tests import factories
from tests.test_pages import structure

VALUES = (
    "screenings_agir_tot",
    "reports_per_1000",
    "out_of_network_pct",
    "vulnerable_eqdem_pct",
    "immigrant_families_pct",
)


def list_url(code="A") -> str:
    return reverse("territory_data:profiles", kwargs={"code": code})


def form_url(code="A", year="2024-2025") -> str:
    return reverse("territory_data:profile", kwargs={"code": code, "year": year})


def form_data(**values) -> dict:
    data = dict.fromkeys(VALUES, "")
    data["source"] = ""
    data.update(values)
    return data


def test_profile_urls():
    assert list_url() == "/territoires/A/profils/"
    assert form_url() == "/territoires/A/profils/2024-2025/"
    assert form_url("QC") == "/territoires/QC/profils/2024-2025/"


@pytest.mark.parametrize("cast", ["coordination_a", "admin"])
def test_profiles_are_shown_to_the_territory_coordinator_and_administrators(
    client, request, territory_a, territory_b, cast
):
    factories.profile(territory_a, 2023, reports_per_1000=Decimal("6.01"))
    factories.profile(territory_b, 2021, reports_per_1000=Decimal("9.99"))
    client.force_login(request.getfixturevalue(cast))

    response = client.get(list_url())
    html = response.content.decode()

    assert response.status_code == 200
    assert "2023-2024" in html and "6,01" in html
    assert "2021-2022" not in html and "9,99" not in html
    assert client.get(form_url(year="2023-2024")).status_code == 200


@pytest.mark.parametrize("cast", ["coordination_b", "conseiller", "pap_a"])
def test_profile_pages_are_404_for_another_territory_advisors_and_paps(
    client, request, territory_a, cast
):
    client.force_login(request.getfixturevalue(cast))

    assert client.get(list_url()).status_code == 404
    assert client.get(form_url()).status_code == 404
    assert client.post(form_url(), form_data(reports_per_1000="5")).status_code == 404
    assert not SocioHealthProfile.objects.exists()


def test_profile_pages_ask_anonymous_visitors_to_log_in(client, territory_a):
    response = client.get(form_url())

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={form_url()}"


@pytest.mark.parametrize("cast", ["coordination_a", "conseiller", "pap_a"])
def test_the_reference_profile_is_404_for_everyone_but_administrators(client, request, cast):
    client.force_login(request.getfixturevalue(cast))

    assert client.get(list_url("QC")).status_code == 404
    assert client.get(form_url("QC")).status_code == 404
    assert client.post(form_url("QC"), form_data(reports_per_1000="5")).status_code == 404
    assert not SocioHealthProfile.objects.exists()


def test_administrator_records_the_reference_profile(client, admin):
    client.force_login(admin)
    assert client.get(list_url("QC")).status_code == 200

    response = client.post(form_url("QC"), form_data(reports_per_1000="36,2"))

    assert response.status_code == 302
    assert response.url == list_url("QC")
    profile = SocioHealthProfile.objects.get()
    assert (profile.territory, profile.fiscal_year) == (None, 2024)
    assert profile.reports_per_1000 == Decimal("36.20")
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.territory) == ("create", None)


def test_coordinator_records_a_profile_typed_the_quebec_way(client, coordination_a, territory_a):
    client.force_login(coordination_a)

    response = client.post(
        form_url(),
        form_data(
            screenings_agir_tot="1 234",
            reports_per_1000="41,35",
            out_of_network_pct="27.5",
            vulnerable_eqdem_pct="12,345",  # rounded half-up like the import: 12,35
            source="Rapport 2025",
        ),
    )

    assert response.status_code == 302
    profile = SocioHealthProfile.objects.get()
    assert (profile.territory, profile.fiscal_year) == (territory_a, 2024)
    assert profile.screenings_agir_tot == 1234
    assert profile.reports_per_1000 == Decimal("41.35")
    assert profile.out_of_network_pct == Decimal("27.50")
    assert profile.vulnerable_eqdem_pct == Decimal("12.35")
    assert profile.immigrant_families_pct is None  # empty: unknown
    assert profile.source == "Rapport 2025"
    entry = AuditEntry.objects.get()
    assert (entry.action, entry.actor, entry.territory) == ("create", coordination_a, territory_a)
    assert entry.changes["reports_per_1000"] == [None, "41.35"]
    messages = [str(m) for m in client.get(response.url).context["messages"]]
    assert messages == ["Portrait 2024-2025 enregistré."]


def test_changing_a_profile_is_audited_old_to_new(client, coordination_a, territory_a):
    factories.profile(
        territory_a, 2024, reports_per_1000=Decimal("6.01"), out_of_network_pct=Decimal(20)
    )
    client.force_login(coordination_a)
    form = client.get(form_url()).context["form"]
    assert form["reports_per_1000"].value() == "6,01"

    client.post(form_url(), form_data(reports_per_1000="7,5", out_of_network_pct=""))

    profile = SocioHealthProfile.objects.get()
    assert profile.reports_per_1000 == Decimal("7.50")
    assert profile.out_of_network_pct is None
    entry = AuditEntry.objects.get()
    assert entry.action == "update"
    assert entry.changes == {
        "out_of_network_pct": ["20.00", None],
        "reports_per_1000": ["6.01", "7.50"],
    }


@pytest.mark.parametrize(
    ("field", "text", "message"),
    [
        ("reports_per_1000", "beaucoup", "Inscrivez un nombre, et non « beaucoup »."),
        ("out_of_network_pct", "120", "La valeur ne peut pas dépasser 100."),
        ("vulnerable_eqdem_pct", "-3", "La valeur ne peut pas être inférieure à 0."),
        ("screenings_agir_tot", "12,5", "Inscrivez un nombre entier, et non « 12,5 »."),
    ],
)
def test_a_bad_value_shows_its_french_message_and_writes_nothing(
    client, coordination_a, territory_a, field, text, message
):
    factories.profile(territory_a, 2024, reports_per_1000=Decimal("6.01"))
    client.force_login(coordination_a)

    response = client.post(form_url(), form_data(immigrant_families_pct="8,5", **{field: text}))

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[field] == [message]
    assert form["immigrant_families_pct"].value() == "8,5"
    assert form[field].value() == text
    profile = SocioHealthProfile.objects.get()
    assert profile.reports_per_1000 == Decimal("6.01")
    assert profile.immigrant_families_pct is None
    assert not AuditEntry.objects.exists()


@pytest.mark.parametrize("year", ["2024-2026", "2024", "1999-2000", "deux"])
def test_a_malformed_fiscal_year_is_404(client, coordination_a, year):
    client.force_login(coordination_a)

    assert client.get(f"/territoires/A/profils/{year}/").status_code == 404


def test_the_list_opens_the_fiscal_year_asked(client, coordination_a):
    client.force_login(coordination_a)

    assert client.get(list_url() + "?annee=2022-2023").url == form_url(year="2022-2023")
    response = client.get(list_url() + "?annee=2022")
    assert response.status_code == 200
    assert [str(m) for m in response.context["messages"]] == [
        "Inscrivez une année financière comme 2024-2025."
    ]


def test_the_service_refuses_the_reference_profile_to_a_coordinator(coordination_a):
    with pytest.raises(PermissionDenied):
        projects.save_profile(
            actor=coordination_a, territory=None, fiscal_year=2024, values={"source": "x"}
        )
    assert not SocioHealthProfile.objects.exists()


def test_profile_list_query_count_does_not_grow_with_years(
    client, coordination_a, territory_a, django_assert_num_queries
):
    """Session, user, the user’s territories, the territory, the profiles, the navigation’s
    watch-list count."""
    factories.profile(territory_a, 2020)
    client.force_login(coordination_a)
    with django_assert_num_queries(6):
        client.get(list_url())

    for year in range(2021, 2025):
        factories.profile(territory_a, year)
    with django_assert_num_queries(6):
        response = client.get(list_url())
    assert len(response.context["profiles"]) == 5


@pytest.mark.parametrize(
    ("cast", "url"),
    [
        ("coordination_a", "/territoires/A/projets/"),
        ("coordination_a", "/territoires/A/projets/nouveau/"),
        ("coordination_a", "/territoires/A/profils/"),
        ("coordination_a", "/territoires/A/profils/2024-2025/"),
        ("admin", "/territoires/QC/profils/"),
        ("admin", "/territoires/QC/profils/2024-2025/"),
    ],
)
def test_project_and_profile_pages_layout(client, request, territory_a, cast, url):
    """One h1, no inline style nor script, unique ids (as tests/test_pages.py checks)."""
    factories.project(territory_a)
    factories.profile(territory_a, 2024, reports_per_1000=Decimal(5))
    client.force_login(request.getfixturevalue(cast))

    response = client.get(url)
    page = structure(response)

    assert response.status_code == 200
    assert page.h1_count == 1
    assert page.style_attributes == page.style_elements == page.inline_scripts == 0
    ids = re.findall(r'\sid="([^"]+)"', response.content.decode())
    assert len(ids) == len(set(ids))
