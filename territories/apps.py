from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TerritoriesConfig(AppConfig):
    name = "territories"
    verbose_name = _("Territories")

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from territories import checks  # noqa: F401 (registers them)
        from territories.sessions import seen_at_login

        user_logged_in.connect(seen_at_login, dispatch_uid="arrimage_seen_at_login")
