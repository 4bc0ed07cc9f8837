from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _
from django.views.generic import RedirectView

from config import views as config_views
from dashboards.views.home import home
from territories import views as territory_views

admin.site.site_header = _("Arrimage — administration")
admin.site.site_title = _("Arrimage administration")
admin.site.index_title = _("Data and access")

handler500 = "config.views.server_error"

urlpatterns = [
    path("", home, name="home"),
    path("connexion/", territory_views.login_view, name="login"),
    path("deconnexion/", territory_views.logout_view, name="logout"),
    path("sante/", config_views.health, name="health"),
    path("territoires/", include("territories.urls")),
    path("corridors/", include("referrals.corridors.urls")),
    path("", include("territories.position_urls")),
    path("", include("territories.audit_urls")),
    path("importer/", include("territories.import_urls")),
    path("orientations/", include("referrals.urls")),
    path("sondages/", include("surveys.urls")),
    path("sondage/", include("surveys.family_urls")),
    path("territoires/<str:code>/repertoire/", include("referrals.directory_urls")),
    path("territoires/<str:code>/", include("territories.data_urls")),
    path("", include("dashboards.urls")),
    # One way in, throttled (DESIGN.md section 11): the admin's own login form is not used.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", admin.site.urls),
    # Browsers ask for /favicon.ico on pages without our layout (the Django admin).
    path("favicon.ico", config_views.favicon),
]
