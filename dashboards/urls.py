from django.urls import path

from dashboards.views import (
    api,
    breakdowns,
    gaps,
    indicator,
    overview,
    plans,
    positions,
    stories,
    surveys,
    territory,
)

app_name = "dashboards"

urlpatterns = [
    path("tableau-de-bord/", overview.overview, name="overview"),
    path("territoires/<str:code>/", territory.territory_detail, name="territory"),
    path("territoires/<str:code>/postes/", positions.territory_positions, name="positions"),
    path("territoires/<str:code>/recit/<str:indicator>/", stories.story_edit, name="story"),
    path("territoires/<str:code>/trous-de-services/", gaps.gap_list, name="gaps"),
    path(
        "territoires/<str:code>/trous-de-services/<int:pk>/statut/",
        gaps.gap_triage,
        name="gap-triage",
    ),
    path(
        "territoires/<str:code>/trous-de-services/<int:pk>/retirer/",
        gaps.gap_remove,
        name="gap-remove",
    ),
    path("territoires/<str:code>/plan/", plans.plan, name="plan"),
    path("territoires/<str:code>/plan/actions/nouvelle/", plans.action_edit, name="action-create"),
    path("territoires/<str:code>/plan/actions/<int:pk>/", plans.action_edit, name="action-edit"),
    path("plans-d-action/", plans.province, name="plans"),
    path("indicateurs/<str:code>/", indicator.indicator_detail, name="indicator"),
    path(
        "indicateurs/ventilations.<str:file_format>",
        breakdowns.download,
        name="breakdowns-download",
    ),
    path("api/indicateurs.json", api.indicators_json, name="api"),
    path("api/indicateurs.csv", api.indicators_csv, name="api-csv"),
    path("sondages/resultats/", surveys.survey_results, name="survey-results"),
]
