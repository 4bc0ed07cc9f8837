"""The rules every data-entry form follows (``territories.validation.DataEntryRules``, issue
16): free text that a spreadsheet would run as a formula is refused with the import's own
message, and so is text that lost characters on the way; a hidden field's message shows above
the form. The form fuzzing (tests/security/test_form_fuzz.py) checks every page's forms."""

import pytest
from django import forms
from django.core.exceptions import NON_FIELD_ERRORS
from django.utils import translation

from importing.cells import text
from importing.formulas import FORMULA_MESSAGE
from importing.problems import CellError
from territories.project_forms import QuebecNumberField
from territories.validation import DataEntryRules


class NoteForm(DataEntryRules, forms.Form):
    note = forms.CharField(required=False)
    hours = QuebecNumberField(parser=lambda value: value)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


@pytest.mark.parametrize("typed", ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", " =1"])
def test_a_text_starting_like_a_formula_is_refused_as_the_import_refuses_it(typed):
    form = NoteForm({"note": typed, "hours": "+1"})
    assert not form.is_valid()
    with translation.override("fr-ca"):
        assert form.errors["note"] == [str(FORMULA_MESSAGE)]
        with pytest.raises(CellError) as imported:
            text(100)(typed)
        assert str(imported.value) == str(FORMULA_MESSAGE)
        assert str(FORMULA_MESSAGE).startswith("Un texte ne peut pas commencer par =, +, - ou @")


def test_a_formula_sign_inside_a_text_and_a_signed_number_are_fine():
    form = NoteForm({"note": "Rencontre 2024-05 = suivi +1", "hours": "-2"})
    assert form.is_valid(), form.errors


def test_a_text_that_lost_characters_is_refused_in_french():
    form = NoteForm({"note": "\ufffdt\ufffd"})
    assert not form.is_valid()
    with translation.override("fr-ca"):
        assert "Des caractères de ce texte n’ont pas pu être lus" in form.errors["note"][0]


def test_a_hidden_fields_message_shows_above_the_form():
    form = NoteForm({"note": "ok", "version": "abc"})
    assert not form.is_valid()
    with translation.override("fr-ca"):
        assert "rechargez la page" in form.errors[NON_FIELD_ERRORS][0]


def test_each_survey_item_is_a_text_of_its_own(coordination_a):
    from surveys.forms import CampaignForm

    data = {"name": "T1", "items": "Je suis bien informé.\n=SOMME(A1)", "overall_item": "Bien"}
    form = CampaignForm(data, user=coordination_a)
    form.is_valid()
    with translation.override("fr-ca"):
        assert form.errors["items"] == [str(FORMULA_MESSAGE)]
