"""The import pages, under ``/importer/`` (config/urls.py)."""

from django.urls import path

from territories import import_views

app_name = "imports"

urlpatterns = [
    path("", import_views.start, name="start"),
    path("modeles/<slug:kind>.csv", import_views.download_template, name="template"),
    path("apercu/<slug:token>/", import_views.preview, name="preview"),
    path("apercu/<slug:token>/confirmer/", import_views.confirm, name="confirm"),
    path("apercu/<slug:token>/annuler/", import_views.cancel, name="cancel"),
]
