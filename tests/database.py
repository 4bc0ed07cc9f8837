"""Assertions about what the database itself refuses."""

import pytest
from django.db import IntegrityError, transaction


def refused(create) -> None:
    """``create()`` must be refused by a database constraint, leaving the transaction usable."""
    with pytest.raises(IntegrityError), transaction.atomic():
        create()
