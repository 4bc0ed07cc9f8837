"""The monthly journal grid ``/territoires/<code>/journal/<YYYY-MM>/``: who sees it, how a month
of cells maps to journal rows, all-or-nothing saves, concurrent saves, the audit, the indicators
reading the grid's numbers, the download and the query count.

The month is May 2024 (31 days) unless a test says otherwise.
"""

import csv
import io
import re
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils import timezone

from indicators.compute import compute
from indicators.periods import Period
from territories.models import AuditEntry, JournalEntry
from territories.services import journal
from territories.services.journal import cell_name
from tests import factories
from tests.test_pages import structure

MONTH = "2024-05"
KINDS = ("supervision", "codevelopment", "support_request", "presentation_intra")
KINDS += ("presentation_inter",)


def grid_url(code="A", month=MONTH) -> str:
    return reverse("territory_data:journal-month", kwargs={"code": code, "month": month})


def post(territory, sector="MFA", **fields):
    return factories.position(factories.organization(territory, sector), **fields)


def loaded(client, url):
    """The grid's form data as a browser would send it untouched: each cell and the digest."""
    form = client.get(url).context["form"]
    return {name: form.initial.get(name, "") for name in form.fields}


def save(client, cells, url=None):
    """Load the grid, type ``cells`` ({(position, kind): text}) over it, submit it."""
    url = url or grid_url()
    data = loaded(client, url)
    data.update({cell_name(position.pk, kind): text for (position, kind), text in cells.items()})
    return client.post(url, data)


def rows(position, kind):
    return list(
        JournalEntry.objects.filter(position=position, kind=kind)
        .order_by("date")
        .values_list("date", "hours")
    )


# Addresses and access


def test_journal_urls():
    assert grid_url() == "/territoires/A/journal/2024-05/"
    assert reverse("territory_data:journal", kwargs={"code": "A"}) == "/territoires/A/journal/"


@pytest.mark.parametrize("cast", ["coordination_a", "admin"])
def test_grid_is_shown_to_the_territory_coordinator_and_administrators(client, request, cast):
    position = post(request.getfixturevalue("territory_a"))
    client.force_login(request.getfixturevalue(cast))

    response = client.get(grid_url())

    assert response.status_code == 200
    assert position.code in response.content.decode()


@pytest.mark.parametrize("cast", ["coordination_b", "conseiller", "pap_a"])
def test_grid_is_404_for_another_territory_advisors_and_paps(client, request, territory_a, cast):
    position = post(territory_a)
    client.force_login(request.getfixturevalue(cast))

    assert client.get(grid_url()).status_code == 404
    assert client.get(reverse("territory_data:journal", kwargs={"code": "A"})).status_code == 404
    response = client.post(grid_url(), {cell_name(position.pk, "supervision"): "3"})
    assert response.status_code == 404
    assert not JournalEntry.objects.exists()


def test_grid_asks_anonymous_visitors_to_log_in(client, territory_a):
    response = client.get(grid_url())

    assert response.status_code == 302
    assert response.url == f"{reverse('login')}?next={grid_url()}"


def test_journal_sends_to_this_month_or_the_month_asked(client, coordination_a):
    client.force_login(coordination_a)
    base = reverse("territory_data:journal", kwargs={"code": "A"})

    assert client.get(base).url == grid_url(month=f"{timezone.localdate():%Y-%m}")
    assert client.get(base + "?mois=2024-02").url == grid_url(month="2024-02")
    assert client.get(base + "?mois=nonsense").url == grid_url(
        month=f"{timezone.localdate():%Y-%m}"
    )


@pytest.mark.parametrize("month", ["2024-13", "2024-5", "24-05", "1999-12", "2024-05-01"])
def test_grid_of_a_malformed_month_is_404(client, coordination_a, month):
    client.force_login(coordination_a)

    assert client.get(f"/territoires/A/journal/{month}/").status_code == 404


def test_grid_of_a_future_month_is_404(client, coordination_a):
    client.force_login(coordination_a)
    today = timezone.localdate()
    next_month = date(today.year + (today.month == 12), today.month % 12 + 1, 1)

    assert client.get(grid_url(month=f"{next_month:%Y-%m}")).status_code == 404


def test_grid_links_the_previous_and_next_months(client, coordination_a, territory_a):
    post(territory_a)
    client.force_login(coordination_a)

    html = client.get(grid_url()).content.decode()

    assert f'href="{grid_url(month="2024-04")}"' in html
    assert f'href="{grid_url(month="2024-06")}"' in html


# What the grid shows


def test_grid_has_a_row_per_position_active_during_the_month(client, coordination_a, territory_a):
    open_all_month = post(territory_a, opened_on=date(2023, 1, 1))
    closed_in_may = post(territory_a, opened_on=date(2023, 1, 1), closed_on=date(2024, 5, 31))
    opened_may_31 = post(territory_a, opened_on=date(2024, 5, 31))
    closed_before = post(territory_a, opened_on=date(2023, 1, 1), closed_on=date(2024, 4, 30))
    opened_after = post(territory_a, opened_on=date(2024, 6, 1))
    of_b = post(factories.territory("B2"))
    client.force_login(coordination_a)

    positions = client.get(grid_url()).context["form"].month.positions

    assert positions == sorted(
        [open_all_month, closed_in_may, opened_may_31], key=lambda position: position.code
    )
    assert not {closed_before, opened_after, of_b} & set(positions)


def test_grid_shows_sums_of_hours_and_counts_of_entries(client, coordination_a, territory_a):
    position = post(territory_a)
    factories.journal_entry(position, "supervision", date=date(2024, 5, 8), hours=Decimal("1.5"))
    factories.journal_entry(position, "supervision", date=date(2024, 5, 20), hours=Decimal(2))
    factories.journal_entry(position, "supervision", date=date(2024, 6, 1), hours=Decimal(9))
    for day in (3, 17):
        factories.journal_entry(position, "support_request", date=date(2024, 5, day))
    client.force_login(coordination_a)

    form = client.get(grid_url()).context["form"]

    assert form.initial[cell_name(position.pk, "supervision")] == "3,5"
    assert form.initial[cell_name(position.pk, "support_request")] == "2"
    assert form.initial[cell_name(position.pk, "codevelopment")] == ""
    assert form.initial[cell_name(position.pk, "presentation_inter")] == ""


def test_each_input_is_labelled_with_its_position_and_column(client, coordination_a, territory_a):
    position = post(territory_a, code="A-MFA-9")
    client.force_login(coordination_a)

    html = client.get(grid_url()).content.decode()

    field_id = f"id_{cell_name(position.pk, 'support_request')}"
    assert f'<label class="visually-hidden" for="{field_id}">A-MFA-9 – Demandes de soutien' in html
    assert html.count('class="visually-hidden" for="id_cell-') == 5


# Saving a month


def test_grid_saves_a_full_month(client, coordination_a, territory_a):
    first, second = post(territory_a), post(territory_a, "MSSS")
    client.force_login(coordination_a)
    cells = {
        (first, "supervision"): "1,5",
        (first, "codevelopment"): "2",
        (first, "support_request"): "3",
        (first, "presentation_intra"): "1",
        (first, "presentation_inter"): "2",
        (second, "supervision"): "4.25",
        (second, "support_request"): "0",
    }

    response = save(client, cells)

    assert response.status_code == 302
    assert response.url == grid_url()
    assert rows(first, "supervision") == [(date(2024, 5, 1), Decimal("1.50"))]
    assert rows(first, "codevelopment") == [(date(2024, 5, 1), Decimal("2.00"))]
    assert rows(first, "support_request") == [(date(2024, 5, day), None) for day in (1, 2, 3)]
    assert rows(first, "presentation_intra") == [(date(2024, 5, 1), None)]
    assert rows(first, "presentation_inter") == [(date(2024, 5, 1), None), (date(2024, 5, 2), None)]
    assert rows(second, "supervision") == [(date(2024, 5, 1), Decimal("4.25"))]
    assert JournalEntry.objects.count() == 9
    message = [str(m) for m in client.get(response.url).context["messages"]]
    assert message == ["Journal de 2024-05 enregistré : 9 entrées créées, modifiées ou supprimées."]


def test_hours_are_rounded_half_up_like_the_import(client, coordination_a, territory_a):
    position = post(territory_a)
    client.force_login(coordination_a)

    save(client, {(position, "supervision"): "1,555"})

    assert rows(position, "supervision") == [(date(2024, 5, 1), Decimal("1.56"))]


def test_an_unchanged_cell_leaves_its_rows_where_they_are(client, coordination_a, territory_a):
    position = post(territory_a)
    factories.journal_entry(position, "supervision", date=date(2024, 5, 14), hours=Decimal(2))
    factories.journal_entry(position, "support_request", date=date(2024, 5, 20))
    client.force_login(coordination_a)

    response = save(client, {(position, "presentation_intra"): "1"})

    assert response.status_code == 302
    assert rows(position, "supervision") == [(date(2024, 5, 14), Decimal("2.00"))]
    assert rows(position, "support_request") == [(date(2024, 5, 20), None)]


def test_changed_hours_go_on_the_earliest_row_and_the_others_go(
    client, coordination_a, territory_a
):
    position = post(territory_a)
    factories.journal_entry(position, "supervision", date=date(2024, 5, 9), hours=Decimal(1))
    factories.journal_entry(position, "supervision", date=date(2024, 5, 23), hours=Decimal(1))
    client.force_login(coordination_a)

    save(client, {(position, "supervision"): "3"})

    assert rows(position, "supervision") == [(date(2024, 5, 9), Decimal("3.00"))]


def test_an_emptied_hours_cell_deletes_its_rows(client, coordination_a, territory_a):
    position = post(territory_a)
    factories.journal_entry(position, "codevelopment", date=date(2024, 5, 9), hours=Decimal(1))
    client.force_login(coordination_a)

    save(client, {(position, "codevelopment"): ""})

    assert rows(position, "codevelopment") == []


def test_counts_add_on_free_days_and_drop_the_latest(client, coordination_a, territory_a):
    position = post(territory_a)
    for day in (1, 10, 20):
        factories.journal_entry(position, "presentation_inter", date=date(2024, 5, day))
    factories.journal_entry(position, "support_request", date=date(2024, 5, 1))
    client.force_login(coordination_a)

    save(client, {(position, "presentation_inter"): "1", (position, "support_request"): "3"})

    assert rows(position, "presentation_inter") == [(date(2024, 5, 1), None)]
    assert rows(position, "support_request") == [(date(2024, 5, day), None) for day in (1, 2, 3)]


@pytest.mark.parametrize(
    ("kind", "text", "message"),
    [
        ("supervision", "-1", "La valeur ne peut pas être inférieure à 0."),
        ("supervision", "deux", "Inscrivez un nombre, et non « deux »."),
        ("support_request", "-2", "La valeur ne peut pas être inférieure à 0."),
        ("support_request", "1,5", "Inscrivez un nombre entier, et non « 1,5 »."),
        (
            "presentation_intra",
            "32",
            "Au plus 31 dans ce mois : le journal tient une entrée par jour.",
        ),
        ("codevelopment", "745", "La valeur ne peut pas dépasser 744."),
    ],
)
def test_a_bad_cell_is_refused_and_nothing_is_saved(
    client, coordination_a, territory_a, kind, text, message
):
    first, second = post(territory_a), post(territory_a)
    factories.journal_entry(first, "supervision", date=date(2024, 5, 9), hours=Decimal(1))
    client.force_login(coordination_a)

    response = save(
        client,
        {(first, "supervision"): "2", (second, "support_request"): "4", (second, kind): text},
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors[cell_name(second.pk, kind)] == [message]
    html = response.content.decode()
    assert message.replace("«", "&laquo;").replace("»", "&raquo;") in html or message in html
    assert 'aria-invalid="true"' in html
    assert "Rien n’a été enregistré" in html
    # Nothing saved; every typed value is in the form again.
    assert rows(first, "supervision") == [(date(2024, 5, 9), Decimal("1.00"))]
    assert JournalEntry.objects.count() == 1
    assert not AuditEntry.objects.exists()
    assert form[cell_name(first.pk, "supervision")].value() == "2"
    assert form[cell_name(second.pk, kind)].value() == text
    if kind != "support_request":
        assert form[cell_name(second.pk, "support_request")].value() == "4"


def test_a_second_save_of_the_same_month_is_refused(client, coordination_a, territory_a):
    position = post(territory_a)
    url = grid_url()
    client.force_login(coordination_a)
    data = loaded(client, url)  # the first coordinator opens the month
    journal.save_month(  # a second one saves it meanwhile
        actor=coordination_a,
        territory=territory_a,
        month=date(2024, 5, 1),
        values={(position.pk, "supervision"): Decimal(4)},
        digest=journal.load_month(territory=territory_a, month=date(2024, 5, 1)).digest,
    )
    data[cell_name(position.pk, "supervision")] = "6"
    data[cell_name(position.pk, "presentation_intra")] = "1"

    response = client.post(url, data)

    assert response.status_code == 200
    assert rows(position, "supervision") == [(date(2024, 5, 1), Decimal("4.00"))]
    assert rows(position, "presentation_intra") == []
    html = response.content.decode()
    assert "Non enregistré : ce mois a changé pendant votre saisie" in html
    assert "Enregistré maintenant : 4" in html
    form = response.context["form"]
    assert form[cell_name(position.pk, "supervision")].value() == "6"
    assert form[cell_name(position.pk, "presentation_intra")].value() == "1"

    # Saving again, knowingly, over the month as it is now, goes through.
    client.post(url, {**data, "digest": form["digest"].value()})
    assert rows(position, "supervision") == [(date(2024, 5, 1), Decimal("6.00"))]


def test_a_position_opened_since_the_grid_was_loaded_refuses_the_save(
    client, coordination_a, territory_a
):
    position = post(territory_a)
    client.force_login(coordination_a)
    data = loaded(client, grid_url())
    newcomer = post(territory_a)
    factories.journal_entry(newcomer, "supervision", date=date(2024, 5, 3), hours=Decimal(2))
    data[cell_name(position.pk, "supervision")] = "1"

    response = client.post(grid_url(), data)

    assert response.context["form"].conflict
    assert rows(position, "supervision") == []
    assert rows(newcomer, "supervision") == [(date(2024, 5, 3), Decimal("2.00"))]


def test_each_changed_journal_row_is_audited_with_old_and_new(client, coordination_a, territory_a):
    position = post(territory_a)
    kept = factories.journal_entry(position, "supervision", date=date(2024, 5, 9), hours=Decimal(1))
    gone = factories.journal_entry(position, "support_request", date=date(2024, 5, 9))
    client.force_login(coordination_a)

    save(
        client,
        {
            (position, "supervision"): "2,5",
            (position, "support_request"): "",
            (position, "presentation_intra"): "1",
        },
    )

    entries = {entry.action: entry for entry in AuditEntry.objects.all()}
    assert len(entries) == AuditEntry.objects.count() == 3
    assert entries["update"].object_id == str(kept.pk)
    assert entries["update"].changes == {"hours": ["1.00", "2.50"]}
    assert entries["delete"].object_id == str(gone.pk)
    assert entries["delete"].changes["kind"] == ["support_request", None]
    created = JournalEntry.objects.get(kind="presentation_intra")
    assert entries["create"].object_id == str(created.pk)
    assert entries["create"].changes["date"] == [None, "2024-05-01"]
    assert {entry.actor for entry in entries.values()} == {coordination_a}
    assert {entry.territory for entry in entries.values()} == {territory_a}


def test_the_indicators_read_what_the_grid_saved(client, coordination_a, territory_a):
    """May 2024, two PAPs: supervision 1,5 + 4,5 = 6 h ÷ 2 PAPs ÷ 1 month = 3; support requests
    3 + 1 = 4 ÷ 2 PAPs ÷ ⅓ quarter = 6; presentations 2 + 1 + 1 = 4."""
    first, second = post(territory_a), post(territory_a, "MSSS")
    factories.assignment(first, person="PAP-1")
    factories.assignment(second, person="PAP-2")
    factories.journal_entry(first, "supervision", date=date(2024, 5, 12), hours=Decimal(1))
    factories.journal_entry(first, "supervision", date=date(2024, 5, 26), hours=Decimal(2))
    client.force_login(coordination_a)

    save(
        client,
        {
            (first, "supervision"): "1,5",
            (second, "supervision"): "4,5",
            (first, "support_request"): "3",
            (second, "support_request"): "1",
            (first, "presentation_intra"): "2",
            (first, "presentation_inter"): "1",
            (second, "presentation_inter"): "1",
        },
    )

    results = compute(Period.parse(MONTH), as_of=date(2024, 7, 1), territories=["A"])
    assert results.get("A", "L3_SUPERVISION_HOURS_PER_PAP_MONTH").value == Fraction(3)
    assert results.get("A", "L6_SUPPORT_REQUESTS_PER_PAP_QUARTER").value == Fraction(6)
    assert results.get("A", "L1_PRESENTATIONS").value == Fraction(4)


# Download and query count


def test_month_downloads_as_csv_with_french_headers(client, coordination_a, territory_a):
    position = post(territory_a, code="A-MFA-7", title="Agente")
    factories.journal_entry(position, "supervision", date=date(2024, 5, 9), hours=Decimal("1.5"))
    factories.journal_entry(position, "presentation_inter", date=date(2024, 5, 9))
    client.force_login(coordination_a)

    response = client.get(grid_url() + "?format=csv")

    assert response["Content-Disposition"] == 'attachment; filename="journal-A-2024-05.csv"'
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Poste;Titre;Organisation;Secteur;Supervision (heures);")
    assert lines[1] == f"A-MFA-7;Agente;{position.organization.code};MFA;1,50;;0;0;1"


def test_month_downloads_as_xlsx(client, coordination_a, territory_a):
    post(territory_a)
    client.force_login(coordination_a)

    response = client.get(grid_url() + "?format=xlsx")

    assert response["Content-Disposition"] == 'attachment; filename="journal-A-2024-05.xlsx"'
    assert response.content[:2] == b"PK"


def test_grid_query_count_does_not_grow_with_positions(
    client, coordination_a, territory_a, django_assert_num_queries
):
    """Session, user, the user's territories, the territory, the positions (with their
    organization and sector), the month's journal entries, the navigation's watch-list count."""
    position = post(territory_a)
    factories.journal_entry(position, "supervision", date=date(2024, 5, 9), hours=Decimal(1))
    client.force_login(coordination_a)
    with django_assert_num_queries(7):
        assert client.get(grid_url()).status_code == 200

    for sector in ("MFA", "MSSS", "MEQ", "MIFI", "MFA"):
        other = post(territory_a, sector)
        factories.journal_entry(other, "support_request", date=date(2024, 5, 2))
    with django_assert_num_queries(7):
        response = client.get(grid_url())
    assert len(response.context["form"].month.positions) == 6


def test_grid_page_layout_has_one_h1_no_inline_style_and_unique_ids(
    client, coordination_a, territory_a
):
    position = post(territory_a)
    client.force_login(coordination_a)

    response = save(client, {(position, "supervision"): "-1"})  # with an error shown
    page = structure(response)

    assert page.h1_count == 1
    assert page.style_attributes == page.style_elements == page.inline_scripts == 0
    ids = re.findall(r'\sid="([^"]+)"', response.content.decode())
    assert len(ids) == len(set(ids))


def test_saving_an_untouched_month_changes_nothing(client, coordination_a, territory_a):
    position = post(territory_a)
    factories.journal_entry(position, "supervision", date=date(2024, 5, 14), hours=Decimal(2))
    client.force_login(coordination_a)

    response = save(client, {})

    assert rows(position, "supervision") == [(date(2024, 5, 14), Decimal("2.00"))]
    assert not AuditEntry.objects.exists()
    messages = [str(m) for m in client.get(response.url).context["messages"]]
    assert messages == ["Journal de 2024-05 enregistré : rien n’avait changé."]


@pytest.mark.parametrize(
    "title", ['=HYPERLINK("http://example.com","Cliquez")', "+1+2", "-3+4", "@SUM(A1)"]
)
def test_a_title_that_looks_like_a_formula_stays_text_in_the_downloads(
    client, coordination_a, territory_a, title
):
    """A position's title is typed by a person: the CSV starts it with an apostrophe and the
    XLSX stores it as text, so no spreadsheet runs it (formula injection, OWASP)."""
    from openpyxl import load_workbook

    post(territory_a, code="A-MFA-8", title=title)
    client.force_login(coordination_a)

    lines = client.get(grid_url() + "?format=csv").content.decode("utf-8-sig").splitlines()
    first = next(csv.reader([lines[1]], delimiter=";"))
    assert first[:2] == ["A-MFA-8", f"'{title}"]

    content = client.get(grid_url() + "?format=xlsx").content
    sheet = load_workbook(io.BytesIO(content)).active
    cell = sheet.cell(row=2, column=2)
    assert (cell.value, cell.data_type) == (title, "s")
