"""The layout checks of tests/test_pages.py for the data-entry pages, plus unique ids (a page
with two forms must not repeat a field's id)."""

import re
from collections import Counter

from tests.test_pages import structure


def assert_layout(response) -> None:
    page = structure(response)
    assert page.lang == "fr-CA"
    assert page.h1_count == 1
    assert (page.style_attributes, page.style_elements, page.inline_scripts) == (0, 0, 0)
    assert "#contenu" in page.links
    ids = Counter(re.findall(r'\sid="([^"]+)"', response.content.decode()))
    assert [name for name, count in ids.items() if count > 1] == []
