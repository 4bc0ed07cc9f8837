from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportingConfig(AppConfig):
    name = "importing"
    verbose_name = _("Imports")

    def ready(self) -> None:
        from importing.registry import discover

        discover()  # every app's imports.py registers its kinds
