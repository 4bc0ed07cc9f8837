"""How pages write a status: the words of a suppressed value follow ``MIN_CELL_SIZE``."""

import pytest
from django.utils import translation

from dashboards import display


@pytest.mark.parametrize(
    ("minimum", "words"),
    [
        (1, "Confidentiel : moins de 1 répondant"),
        (3, "Confidentiel : moins de 3 répondants"),
        (10, "Confidentiel : moins de 10 répondants"),
    ],
)
def test_suppressed_status_names_the_minimum_of_the_setting(settings, minimum, words):
    settings.MIN_CELL_SIZE = minimum
    with translation.override("fr-ca"):
        assert display.status_label("suppressed") == words
        assert str(display.STATUSES["suppressed"].label) == words
