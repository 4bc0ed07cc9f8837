"""``/sondages/``: campaigns, answering, paper answers, one-time codes, results."""

from django.urls import path

from surveys.views import answering, campaigns, codes

app_name = "surveys"

urlpatterns = [
    path("", campaigns.campaign_list, name="list"),
    path("nouvelle/", campaigns.campaign_create, name="create"),
    path("<int:pk>/", campaigns.campaign_detail, name="detail"),
    path("<int:pk>/modifier/", campaigns.campaign_edit, name="edit"),
    path("<int:pk>/repondre/", answering.answer, name="answer"),
    path("<int:pk>/papier/", answering.paper, name="paper"),
    path("<int:pk>/codes/", codes.batches, name="codes"),
    path("<int:pk>/codes/<int:batch>/annuler/", codes.cancel, name="cancel-batch"),
]
