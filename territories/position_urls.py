"""Data entry of organizations, PAP positions and assignments (``positions:…``). The territory's
view of its positions is ``dashboards:positions`` (``/territoires/<code>/postes/``)."""

from django.urls import path

from territories import position_views as views

app_name = "positions"

urlpatterns = [
    path(
        "territoires/<str:code>/organismes/nouveau/",
        views.organization_create,
        name="organization-create",
    ),
    path("organismes/<str:code>/", views.organization_edit, name="organization"),
    path("territoires/<str:code>/postes/nouveau/", views.position_create, name="position-create"),
    path("postes/<str:code>/", views.position_edit, name="position"),
    path(
        "postes/<str:code>/affectations/nouvelle/",
        views.assignment_create,
        name="assignment-create",
    ),
    path("affectations/<int:pk>/", views.assignment_edit, name="assignment"),
]
