"""``/corridors/``: the corridors of the user's territories, and the forms to create, change and
end one. Coordinators (their territories) and administrators; 404 for everyone else."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from referrals.corridors import selectors, services
from referrals.corridors.forms import SERVICE_FIELDS, CorridorForm, EndCorridorForm
from referrals.models import Corridor
from territories.access import data_entry_or_404, get_for_user_or_404
from territories.models import Territory
from territories.validation import add_service_errors

TERRITORY_PARAMETER = "territoire"


@login_required
def corridor_list(request):
    """``/corridors/?territoire=CODE``: each corridor, whether it is formal and what it lacks."""
    data_entry_or_404(request.user)
    territories = list(Territory.objects.for_user(request.user).order_by("code"))
    chosen = next((t for t in territories if t.code == request.GET.get(TERRITORY_PARAMETER)), None)
    rows = selectors.corridors_for_list(
        user=request.user, territory=chosen, today=timezone.localdate()
    )
    context = {"rows": rows, "territories": territories, "chosen": chosen}
    context["territory_parameter"] = TERRITORY_PARAMETER
    return render(request, "referrals/corridor_list.html", context)


@login_required
def corridor_create(request):
    data_entry_or_404(request.user)
    form = CorridorForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            corridor = services.create_corridor(actor=request.user, **form.service_arguments())
        except ValidationError as error:
            add_service_errors(form, error, fields=SERVICE_FIELDS)
        else:
            messages.success(request, _("Corridor %(code)s created.") % {"code": corridor.code})
            return redirect("corridors:detail", code=corridor.code)
    return render(request, "referrals/corridor_form.html", {"form": form, "status": None})


@login_required
def corridor_detail(request, code: str):
    """``/corridors/<code>/``: what the corridor lacks, its form, and the form to end it."""
    data_entry_or_404(request.user)
    corridor = get_for_user_or_404(
        Corridor.objects.select_related("territory"), request.user, code=code
    )
    form = CorridorForm(request.POST or None, user=request.user, corridor=corridor)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_corridor(
                actor=request.user, corridor=corridor, **form.service_arguments()
            )
        except ValidationError as error:
            add_service_errors(form, error, fields=SERVICE_FIELDS)
        else:
            messages.success(request, _("Corridor %(code)s saved.") % {"code": corridor.code})
            return redirect("corridors:detail", code=corridor.code)
    return _detail_page(request, corridor, form=form)


@login_required
@require_POST
def corridor_end(request, code: str):
    """``/corridors/<code>/fin/`` (POST): the corridor's last active day."""
    data_entry_or_404(request.user)
    corridor = get_for_user_or_404(
        Corridor.objects.select_related("territory"), request.user, code=code
    )
    end_form = EndCorridorForm(request.POST)
    if end_form.is_valid():
        try:
            services.end_corridor(actor=request.user, corridor=corridor, **end_form.cleaned_data)
        except ValidationError as error:
            add_service_errors(end_form, error)
        else:
            messages.success(request, _("Corridor %(code)s ended.") % {"code": corridor.code})
            return redirect("corridors:detail", code=corridor.code)
    form = CorridorForm(user=request.user, corridor=corridor)
    return _detail_page(request, corridor, form=form, end_form=end_form)


def _detail_page(request, corridor, *, form, end_form=None):
    today = timezone.localdate()
    end_form = end_form or EndCorridorForm(initial={"active_to": corridor.active_to or today})
    context = {
        "corridor": corridor,
        "status": selectors.corridor_status(corridor, today=today),
        "form": form,
        "end_form": end_form,
    }
    return render(request, "referrals/corridor_form.html", context)
