"""Pages of the referrals app: the list, entry and edit, quick actions, the watch list and a
family's timeline. Coordinators (their territories) and administrators; 404 for the others."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from referrals import selectors, services
from referrals.downloads import referral_download
from referrals.forms import QuickActionForm, ReferralFilterForm, ReferralForm
from referrals.models import Family, Referral
from territories.access import data_entry_or_404, get_for_user_or_404
from territories.access_log import log_view
from territories.redirects import local_address

PAGE_SIZE = 50
ACTIONS = {
    "take_in_charge": services.take_in_charge,
    "decline": services.decline,
    "mark_lost": services.mark_lost,
    "close": services.close,
}


def _referral_or_404(user, pk: int) -> Referral:
    data_entry_or_404(user)
    queryset = Referral.objects.select_related("territory", "family", "corridor")
    return get_for_user_or_404(queryset, user, pk=pk)


@login_required
def referral_list(request):
    data_entry_or_404(request.user)
    today = timezone.localdate()
    form = ReferralFilterForm(request.GET or None, user=request.user, today=today)
    referrals = selectors.referral_list(user=request.user, filters=form.filters(), today=today)
    log_view(user=request.user, what="referral list")
    if request.GET.get("format") in ("csv", "xlsx"):
        return referral_download(referrals, request.GET["format"])
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"form": form, "page": page, "query": query.urlencode(), "today": today}
    return render(request, "referrals/referral_list.html", context)


@login_required
def referral_create(request):
    data_entry_or_404(request.user)
    form = ReferralForm(request.POST or None, user=request.user, initial=_initial(request.user))
    if request.method == "POST" and form.is_valid():
        values = form.service_fields()
        try:
            referral = services.create_referral(
                actor=request.user, territory=values.pop("territory"), **values
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _("Referral %(ref)s recorded for the family %(family)s.")
                % {"ref": referral.ref, "family": referral.family.pseudonym},
            )
            return redirect("referrals:detail", pk=referral.pk)
    return render(request, "referrals/referral_form.html", {"form": form})


@login_required
def referral_detail(request, pk: int):
    referral = _referral_or_404(request.user, pk)
    log_view(
        user=request.user,
        what=f"referral {referral.territory.code}/{referral.ref}",
        instance=referral,
        territory=referral.territory_id,
    )
    form = ReferralForm(
        request.POST or None, user=request.user, editing=True, initial=_values(referral)
    )
    if request.method == "POST" and form.is_valid():
        values = form.service_fields()
        try:
            services.update_referral(
                actor=request.user,
                referral=referral,
                version=form.cleaned_data["version"] or 0,
                **values,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Referral %(ref)s saved.") % {"ref": referral.ref})
            return redirect("referrals:detail", pk=referral.pk)
    context = {"form": form, "referral": referral, "today": timezone.localdate()}
    return render(request, "referrals/referral_detail.html", context)


@login_required
@require_POST
def referral_action(request, pk: int):
    referral = _referral_or_404(request.user, pk)
    form = QuickActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("This action could not be read: try again from the page."))
    else:
        action, extra = form.cleaned_data["action"], {}
        if action in ("take_in_charge", "close"):
            extra["on"] = form.cleaned_data["on"]
        try:
            ACTIONS[action](
                actor=request.user, referral=referral, version=form.cleaned_data["version"], **extra
            )
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, f"{referral.ref} : {message}")
        else:
            messages.success(
                request,
                _("Referral %(ref)s: %(action)s.")
                % {"ref": referral.ref, "action": QuickActionForm.ACTIONS[action].lower()},
            )
    return redirect(_back(request, referral))


@login_required
def watch(request):
    data_entry_or_404(request.user)
    today = timezone.localdate()
    referrals = selectors.watch_list(user=request.user, today=today)
    log_view(user=request.user, what="watch list")
    context = {"referrals": referrals, "today": today, "watch_days": selectors.WATCH_DAYS}
    return render(request, "referrals/watch_list.html", context)


@login_required
def family_detail(request, pk: int):
    data_entry_or_404(request.user)
    family = get_for_user_or_404(Family.objects.select_related("territory"), request.user, pk=pk)
    log_view(
        user=request.user,
        what=f"family {family.pseudonym}",
        instance=family,
        territory=family.territory_id,
    )
    timeline = selectors.family_timeline(family=family)
    context = {"family": family, "timeline": timeline, "loop_days": settings.LOOP_DAYS}
    return render(request, "referrals/family_detail.html", context)


def _back(request, referral: Referral) -> str:
    return local_address(request, request.POST.get("next")) or referral.get_absolute_url()


def _initial(user) -> dict:
    territories = list(user.territories.values_list("pk", flat=True)[:2])
    return {"territory": territories[0]} if len(territories) == 1 else {}


def _values(referral: Referral) -> dict:
    plain = ["ref", "first_contact_on", "referred_on", "taken_in_charge_on", "status", "closed_on"]
    plain += ["consent", "consent_language", "interpreter", "version"]
    return {
        **{name: getattr(referral, name) for name in plain},
        "territory": referral.territory_id,
        "from_sector": referral.from_sector_id,
        "to_sector": referral.to_sector_id,
        "corridor": referral.corridor_id,
    }
