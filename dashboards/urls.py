from django.urls import path

from dashboards.views import (
    api,
    breakdowns,
    indicator,
    overview,
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
