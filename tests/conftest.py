"""The shared cast: territories A and B, and one user per role (STYLE.md, rule 11).

Regions and sectors come from the data migration. Every user's password is ``PASSWORD``.
"""

import pytest
from django.core.cache import cache

from indicators.compute.remembered import forget_all
from territories.models import Region, Role, Territory, User

PASSWORD = "motdepasse-test"


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """Logging in many times stays fast: MD5 is fine for throwaway test passwords."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache (login throttling counts live there)."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _nothing_remembered():
    """Each test starts with no values remembered: a rolled-back test may leave a territory id
    and version that the next test's territory reuses (SQLite gives ids back)."""
    forget_all()


def make_user(username: str, role: str, territories=(), **fields) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, role=role, **fields)
    user.territories.set(territories)
    return user


@pytest.fixture
def territory_a(db) -> Territory:
    return Territory.objects.create(
        code="A", name="Territoire A", milieu="mixte", region=Region.objects.get(code="04")
    )


@pytest.fixture
def territory_b(db) -> Territory:
    return Territory.objects.create(
        code="B", name="Territoire B", milieu="rural", region=Region.objects.get(code="01")
    )


@pytest.fixture
def admin(db) -> User:
    """An administrator (role admin, staff and superuser). Not pytest-django's ``admin_user``."""
    return make_user("admin", Role.ADMIN, is_staff=True, is_superuser=True)


@pytest.fixture
def conseiller(db) -> User:
    return make_user("conseiller", Role.ADVISOR, first_name="Camille", last_name="Tremblay")


@pytest.fixture
def coordination_a(territory_a) -> User:
    return make_user("coordination-a", Role.COORDINATION, [territory_a])


@pytest.fixture
def coordination_b(territory_b) -> User:
    return make_user("coordination-b", Role.COORDINATION, [territory_b])


@pytest.fixture
def pap_a(territory_a) -> User:
    return make_user("pap-a", Role.PAP, [territory_a])
