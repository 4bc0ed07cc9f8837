from django.urls import path

from referrals import views

app_name = "referrals"

urlpatterns = [
    path("", views.referral_list, name="list"),
    path("nouvelle/", views.referral_create, name="create"),
    path("a-surveiller/", views.watch, name="watch"),
    path("familles/<int:pk>/", views.family_detail, name="family"),
    path("<int:pk>/", views.referral_detail, name="detail"),
    path("<int:pk>/action/", views.referral_action, name="action"),
]
