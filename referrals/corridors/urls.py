from django.urls import path

from referrals.corridors import views

app_name = "corridors"

urlpatterns = [
    path("", views.corridor_list, name="list"),
    path("nouveau/", views.corridor_create, name="create"),
    path("<str:code>/", views.corridor_detail, name="detail"),
    path("<str:code>/fin/", views.corridor_end, name="end"),
]
