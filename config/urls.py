from django.contrib import admin
from django.urls import include, path

from config import views as config_views
from territories import views as territory_views

urlpatterns = [
    path("", territory_views.home, name="home"),
    path("connexion/", territory_views.login_view, name="login"),
    path("deconnexion/", territory_views.logout_view, name="logout"),
    path("sante/", config_views.health, name="health"),
    path("territoires/", include("territories.urls")),
    path("admin/", admin.site.urls),
]
