"""``/sondage/``: a family's answer page, reached with a one-time code (no login)."""

from django.urls import path

from surveys.views import family

app_name = "family_survey"

urlpatterns = [
    path("", family.start, name="start"),
    path("merci/", family.thanks, name="thanks"),
    path("<str:code>/", family.answer, name="answer"),
]
