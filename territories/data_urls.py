"""A territory's data-entry pages (journal grid, projects, profiles), under
``/territoires/<code>/`` (``config/urls.py``)."""

from django.urls import path

from territories import journal_views, project_views

app_name = "territory_data"

urlpatterns = [
    path("journal/", journal_views.journal_current, name="journal"),
    path("journal/<str:month>/", journal_views.journal_month, name="journal-month"),
    path("projets/", project_views.project_list, name="projects"),
    path("projets/nouveau/", project_views.project_create, name="project-create"),
    path("projets/<int:pk>/", project_views.project_edit, name="project-edit"),
    path("profils/", project_views.profile_list, name="profiles"),
    path("profils/<str:year>/", project_views.profile_edit, name="profile"),
]
