"""The audit trail and the access log (``audit:…``)."""

from django.urls import path

from territories import audit_views as views

app_name = "audit"

urlpatterns = [
    path(
        "territoires/<str:code>/journal-des-modifications/",
        views.territory_audit,
        name="territory",
    ),
    path("territoires/<str:code>/consultations/", views.territory_access_log, name="access_log"),
    path("journal-des-modifications/", views.all_audit, name="all"),
]
