from django.urls import path

from indicators.views import api, breakdowns, indicator, overview

app_name = "indicators"

urlpatterns = [
    path("tableau-de-bord/", overview.overview, name="overview"),
    path("indicateurs/<str:code>/", indicator.indicator_detail, name="detail"),
    path(
        "indicateurs/ventilations.<str:file_format>",
        breakdowns.download,
        name="breakdowns-download",
    ),
    path("api/indicateurs.json", api.indicators_json, name="api"),
]
