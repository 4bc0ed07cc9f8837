"""A territory's data-entry pages (journal grid, projects, profiles), under
``/territoires/<code>/`` (``config/urls.py``)."""

from django.urls import path

from territories import journal_views

app_name = "territory_data"

urlpatterns = [
    path("journal/", journal_views.journal_current, name="journal"),
    path("journal/<str:month>/", journal_views.journal_month, name="journal-month"),
]
