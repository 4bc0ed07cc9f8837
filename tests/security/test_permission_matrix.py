"""The permission matrix (issue 16): every address of the URL configuration, visited as
anonymous, administrator, advisor, coordinator of A, coordinator of B and PAP of A, on the demo.

The addresses are discovered from the URL configuration, and :data:`MATRIX` must name each one
(:func:`test_the_matrix_names_every_address`): a new page cannot be left out. Each visit checks
the expected status; no answer to an advisor or a PAP — page, download or API — may contain a
family's pseudonym or a referral's reference.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anonyme", "admin", "conseiller", "coordination-a", "coordination-b", "pap-a")
NOT_FOR_FAMILIES = ("conseiller", "pap-a")  # who must never receive family-level data

LOGIN = 302  # anonymous: sent to the login page


def statuses(anonymous=LOGIN, admin=200, advisor=200, coord_a=200, coord_b=200, pap=200):
    return dict(zip(ROLES, (anonymous, admin, advisor, coord_a, coord_b, pap), strict=True))


EVERYONE = statuses()
ENTRY_A = statuses(advisor=404, coord_b=404, pap=404)  # data entry on territory A
ENTRY_ANY = statuses(advisor=404, pap=404)  # data entry, every coordinator
SEES_A = statuses(coord_b=404)  # territory A's aggregates: not B's coordinator
PUBLIC = statuses(anonymous=200)
# A POST-only action on territory A, sent empty: done (or refused with a message) and sent
# back for its coordinators, 404 for everyone else.
ACTION_A = statuses(admin=302, advisor=404, coord_a=302, coord_b=404, pap=404)


@dataclass(frozen=True)
class Visit:
    """How to fill a route's parameters from the demo (``ids``), and the status per role."""

    path: Callable[[dict], str]
    expected: dict[str, int]
    method: str = "get"


# One entry per named route (``namespace:name``); the admin's own tree is out (its pages are
# the admin's, tested in tests/territories/test_admin.py), but its login redirect is in.
MATRIX: dict[str, Visit] = {
    "home": Visit(
        lambda i: "/", statuses(admin=302, advisor=302, coord_a=302, coord_b=302, pap=302)
    ),
    "login": Visit(lambda i: "/connexion/", PUBLIC),
    "logout": Visit(
        lambda i: "/deconnexion/",
        statuses(anonymous=405, admin=405, advisor=405, coord_a=405, coord_b=405, pap=405),
    ),
    "health": Visit(lambda i: "/sante/", PUBLIC),
    "territories:list": Visit(lambda i: "/territoires/", EVERYONE),
    "corridors:list": Visit(lambda i: "/corridors/", ENTRY_ANY),
    "corridors:create": Visit(lambda i: "/corridors/nouveau/", ENTRY_ANY),
    "corridors:detail": Visit(lambda i: "/corridors/A-COR-1/", ENTRY_A),
    "corridors:end": Visit(  # an empty end date: the form again, with its message
        lambda i: "/corridors/A-COR-1/fin/",
        statuses(advisor=404, coord_b=404, pap=404),
        "post",
    ),
    "positions:organization-create": Visit(lambda i: "/territoires/A/organismes/nouveau/", ENTRY_A),
    "positions:organization": Visit(lambda i: "/organismes/A-MFA/", ENTRY_A),
    "positions:position-create": Visit(lambda i: "/territoires/A/postes/nouveau/", ENTRY_A),
    "positions:position": Visit(lambda i: "/postes/A-MFA-1/", ENTRY_A),
    "positions:assignment-create": Visit(
        lambda i: "/postes/A-MFA-1/affectations/nouvelle/", ENTRY_A
    ),
    "positions:assignment": Visit(lambda i: f"/affectations/{i['assignment']}/", ENTRY_A),
    "audit:territory": Visit(lambda i: "/territoires/A/journal-des-modifications/", ENTRY_A),
    "audit:access_log": Visit(lambda i: "/territoires/A/consultations/", ENTRY_A),
    "audit:all": Visit(
        lambda i: "/journal-des-modifications/",
        statuses(advisor=404, coord_a=404, coord_b=404, pap=404),
    ),
    "imports:start": Visit(lambda i: "/importer/", ENTRY_ANY),
    "imports:template": Visit(lambda i: "/importer/modeles/referrals.csv", ENTRY_ANY),
    "imports:preview": Visit(
        lambda i: "/importer/apercu/inconnu/",
        statuses(admin=404, advisor=404, coord_a=404, coord_b=404, pap=404),
    ),
    "imports:confirm": Visit(
        lambda i: "/importer/apercu/inconnu/confirmer/",
        statuses(admin=404, advisor=404, coord_a=404, coord_b=404, pap=404),
        "post",
    ),
    "imports:cancel": Visit(
        lambda i: "/importer/apercu/inconnu/annuler/",
        statuses(admin=404, advisor=404, coord_a=404, coord_b=404, pap=404),
        "post",
    ),
    "referrals:list": Visit(lambda i: "/orientations/", ENTRY_ANY),
    "referrals:create": Visit(lambda i: "/orientations/nouvelle/", ENTRY_ANY),
    "referrals:watch": Visit(lambda i: "/orientations/a-surveiller/", ENTRY_ANY),
    "referrals:family": Visit(lambda i: f"/orientations/familles/{i['family']}/", ENTRY_A),
    "referrals:detail": Visit(lambda i: f"/orientations/{i['referral']}/", ENTRY_A),
    "referrals:action": Visit(lambda i: f"/orientations/{i['referral']}/action/", ACTION_A, "post"),
    "surveys:list": Visit(lambda i: "/sondages/", EVERYONE),
    "surveys:create": Visit(lambda i: "/sondages/nouvelle/", ENTRY_ANY),
    "surveys:detail": Visit(lambda i: f"/sondages/{i['campaign']}/", SEES_A),
    "surveys:edit": Visit(lambda i: f"/sondages/{i['campaign']}/modifier/", ENTRY_A),
    "surveys:answer": Visit(
        lambda i: f"/sondages/{i['campaign']}/repondre/",
        statuses(admin=404, advisor=404, coord_a=404, coord_b=404),
    ),
    "surveys:paper": Visit(lambda i: f"/sondages/{i['campaign']}/papier/", ENTRY_A),
    "surveys:codes": Visit(lambda i: f"/sondages/{i['family_campaign']}/codes/", ENTRY_A),
    "surveys:cancel-batch": Visit(
        lambda i: f"/sondages/{i['family_campaign']}/codes/{i['batch']}/annuler/",
        ACTION_A,
        "post",
    ),
    "family_survey:start": Visit(lambda i: "/sondage/", PUBLIC),
    "family_survey:thanks": Visit(lambda i: "/sondage/merci/", PUBLIC),
    "family_survey:answer": Visit(lambda i: "/sondage/INCONNU00/", statuses(anonymous=200)),
    "directory:directory": Visit(lambda i: "/territoires/A/repertoire/", SEES_A),
    "territory_data:journal": Visit(
        lambda i: "/territoires/A/journal/",
        statuses(admin=302, advisor=404, coord_a=302, coord_b=404, pap=404),
    ),
    "territory_data:journal-month": Visit(lambda i: "/territoires/A/journal/2024-05/", ENTRY_A),
    "territory_data:projects": Visit(lambda i: "/territoires/A/projets/", ENTRY_A),
    "territory_data:project-create": Visit(lambda i: "/territoires/A/projets/nouveau/", ENTRY_A),
    "territory_data:project-edit": Visit(
        lambda i: f"/territoires/A/projets/{i['project']}/", ENTRY_A
    ),
    "territory_data:profiles": Visit(lambda i: "/territoires/A/profils/", ENTRY_A),
    "territory_data:profile": Visit(lambda i: "/territoires/A/profils/2024-2025/", ENTRY_A),
    "dashboards:overview": Visit(lambda i: "/tableau-de-bord/?periode=2023-2024", EVERYONE),
    "dashboards:territory": Visit(lambda i: "/territoires/A/?periode=2023-2024", SEES_A),
    "dashboards:positions": Visit(lambda i: "/territoires/A/postes/", SEES_A),
    "dashboards:story": Visit(
        lambda i: "/territoires/A/recit/L2_ESCAPE_RATE_PCT/?periode=2023-2024", ENTRY_A
    ),
    "dashboards:gaps": Visit(lambda i: "/territoires/A/trous-de-services/", SEES_A),
    "dashboards:gap-triage": Visit(
        lambda i: f"/territoires/A/trous-de-services/{i['gap']}/statut/", ACTION_A, "post"
    ),
    "dashboards:gap-remove": Visit(
        lambda i: f"/territoires/A/trous-de-services/{i['gap']}/retirer/", ENTRY_A
    ),
    "dashboards:plan": Visit(lambda i: "/territoires/A/plan/", SEES_A),
    "dashboards:action-create": Visit(lambda i: "/territoires/A/plan/actions/nouvelle/", ENTRY_A),
    "dashboards:action-edit": Visit(
        lambda i: f"/territoires/B/plan/actions/{i['action_b']}/",
        statuses(advisor=404, coord_a=404, pap=404),
    ),
    "dashboards:plans": Visit(lambda i: "/plans-d-action/", statuses(pap=404)),
    "dashboards:indicator": Visit(
        lambda i: "/indicateurs/L2_ESCAPE_RATE_PCT/?periode=2023-2024", EVERYONE
    ),
    "dashboards:breakdowns-download": Visit(
        lambda i: "/indicateurs/ventilations.csv?periode=2023-2024", EVERYONE
    ),
    "dashboards:api": Visit(
        lambda i: "/api/indicateurs.json?periode=2023-2024", statuses(anonymous=401)
    ),
    "dashboards:api-csv": Visit(
        lambda i: "/api/indicateurs.csv?periode=2023-2024", statuses(anonymous=401)
    ),
    "dashboards:survey-results": Visit(lambda i: "/sondages/resultats/", EVERYONE),
    "admin/login/": Visit(
        lambda i: "/admin/login/",
        statuses(anonymous=302, admin=302, advisor=302, coord_a=302, coord_b=302, pap=302),
    ),
    "favicon.ico": Visit(
        lambda i: "/favicon.ico",
        statuses(anonymous=301, admin=301, advisor=301, coord_a=301, coord_b=301, pap=301),
    ),
}

# Downloads and answers for machines, beside the pages: the same check of family data.
DOWNLOADS = (
    "/tableau-de-bord/?periode=2023-2024&format=csv",
    "/tableau-de-bord/?periode=2023-2024&format=xlsx",
    "/territoires/A/?periode=2023-2024&format=csv",
    "/indicateurs/L2_ESCAPE_RATE_PCT/?periode=2023-2024&format=csv",
    "/indicateurs/ventilations.xlsx?periode=2023-2024",
    "/api/indicateurs.csv?periode=2024-2025",
)


def routes(patterns=None, prefix="", namespace="") -> Iterator[tuple[str, str]]:
    """Every route of the URL configuration: (``namespace:name`` or its path, path)."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if route.startswith("admin/"):
                continue  # the admin's own tree
            inner = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace or ""
            yield from routes(
                pattern.url_patterns, route, inner if pattern.namespace else namespace
            )
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield name or route, route


def test_the_matrix_names_every_address():
    discovered = {name for name, _route in routes()}
    assert sorted(discovered - set(MATRIX)) == []  # a page nobody decided about
    assert sorted(set(MATRIX) - discovered) == []  # a page that is gone


def test_every_address_for_every_role(client, demo):
    from territories.models import User

    wrong, leaks = [], []
    for role in ROLES:
        client.logout()
        if role != "anonyme":
            client.force_login(User.objects.get(username=role))
        for visit in MATRIX.values():
            path = visit.path(demo)
            response = getattr(client, visit.method)(path)
            if response.status_code != visit.expected[role]:
                expected = visit.expected[role]
                wrong.append(
                    f"{role} {visit.method.upper()} {path}: {response.status_code}, {expected}"
                )
            if role in NOT_FOR_FAMILIES:
                leaks += leaked(response, demo["secrets"], f"{role} {path}")
        if role in NOT_FOR_FAMILIES:
            for path in DOWNLOADS:
                leaks += leaked(client.get(path), demo["secrets"], f"{role} {path}")
    if wrong:
        print("\n".join(wrong))
    assert len(wrong) == 0
    assert leaks == []


def leaked(response, secrets, where) -> list[str]:
    body = b"".join(response.streaming_content) if response.streaming else response.content
    text = body.decode("utf-8", errors="replace")
    return [f"{where}: {secret}" for secret in secrets if secret in text]
