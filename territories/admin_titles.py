"""Admin page titles in correct French: Django's « Ajout de %s » gives « Ajout de orientation »
(no article, no elision). Each admin names its object with its indefinite article (« une
orientation », « un territoire ») and the titles elide before it: « Ajout d’une orientation »,
« Modification d’un territoire »."""

from __future__ import annotations

from django.contrib import admin
from django.utils.translation import gettext as _


class FrenchTitles(admin.ModelAdmin):
    a_thing = None  # the object with its indefinite article, e.g. _("a referral")

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        if self.a_thing:
            thing = {"thing": self.a_thing}
            if object_id is None:
                title = _("Addition of %(thing)s") % thing
            elif self.has_change_permission(request):
                title = _("Change of %(thing)s") % thing
            else:
                title = _("Viewing of %(thing)s") % thing
            extra_context = {**(extra_context or {}), "title": title}
        return super().changeform_view(request, object_id, form_url, extra_context)
