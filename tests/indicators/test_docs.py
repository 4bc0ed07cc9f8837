"""docs/indicators.md is what ``write_indicator_docs`` writes from the registry, in French."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation

from indicators import docs, registry


@pytest.fixture(autouse=True)
def default_thresholds(settings):
    """The document quotes these thresholds: the committed one uses the defaults."""
    settings.MIN_CELL_SIZE = 3
    settings.ESCAPE_DAYS = 30
    settings.LOOP_DAYS = 90
    settings.PRIORITY_MARGIN = Decimal("0.10")


def test_committed_document_is_what_the_registry_gives():
    committed = docs.PATH.read_text(encoding="utf-8")

    assert committed == docs.render(), (
        "docs/indicators.md ne correspond plus au registre : lancez "
        "python manage.py write_indicator_docs et validez le fichier."
    )


def test_document_is_french_whatever_the_active_language():
    with translation.override("en"):
        text = docs.render()

    assert text == docs.render()
    assert text.startswith("# Les indicateurs d’Arrimage\n")
    assert "## Levier 2 : Trajectoires et corridors de référence" in text
    assert "**Sans objet.** Quand aucune famille n’a été orientée pendant la période." in text


def test_every_indicator_appears_once_under_its_lever_in_registry_order():
    text = docs.render()
    headings = [line for line in text.splitlines() if line.startswith(("## Levier", "### "))]

    expected = []
    for lever, (name_fr, _name_en) in registry.LEVERS.items():
        expected.append(f"## Levier {lever} : {name_fr}")
        expected += [
            f"### `{indicator.code}` — {indicator.name_fr}"
            for indicator in registry.INDICATORS
            if indicator.lever == lever
        ]
    assert headings == expected


def test_targets_and_thresholds_read_in_quebec_style():
    text = docs.render()

    assert "| Cible par défaut | ≤\u00a02 |" in text
    assert "| Cible par défaut | <\u00a010\u00a0% |" in text
    assert "| Cible par défaut | ≥\u00a04 |" in text
    assert "PRIORITY_MARGIN = 10\u00a0%" in text
    assert "plus de 30 jours" in text


def test_survey_means_say_when_they_are_hidden_and_other_indicators_do_not():
    sections = docs.render().split("\n### ")[1:]

    for section in sections:
        code = section.split("`")[1]
        hidden = "**Masquée (x).**" in section
        assert hidden == registry.get(code).is_survey_mean, code


def test_every_indicator_says_when_it_is_not_applicable():
    with translation.override(docs.LANGUAGE):
        rules = {
            indicator.code: docs.not_applicable_rule(indicator) for indicator in registry.INDICATORS
        }

    assert all(rules.values())
    assert rules["L1_PRESENTATIONS"].startswith("Jamais")
    assert rules["L4_PROJECTS"].startswith("Jamais")


def test_command_writes_the_document_and_check_finds_a_stale_one(tmp_path):
    path = tmp_path / "indicators.md"

    call_command("write_indicator_docs", output=path, stdout=StringIO())
    assert path.read_text(encoding="utf-8") == docs.render()
    call_command("write_indicator_docs", output=path, check=True, stdout=StringIO())

    path.write_text("# Ancienne version\n", encoding="utf-8")
    with pytest.raises(CommandError) as error:
        call_command("write_indicator_docs", output=path, check=True, stdout=StringIO())
    assert error.value.returncode == 1
