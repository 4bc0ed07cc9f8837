"""The directory of a territory, under ``/territoires/<code>/repertoire/`` (``config/urls.py``)."""

from django.urls import path

from referrals import directory_views

app_name = "directory"

urlpatterns = [
    path("", directory_views.directory, name="directory"),
]
