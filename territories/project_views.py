"""A territory's projects (``/territoires/<code>/projets/``) and socio-health profiles
(``/territoires/<code>/profils/``; ``QC``: the province's reference profile, administrators only).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from territories.access import get_for_user_or_404, is_administrator
from territories.access import territory_for_data_entry_or_404 as territory_or_404
from territories.fiscal_years import fiscal_year_key, parse_fiscal_year
from territories.models import PROVINCE_CODE, Project, SocioHealthProfile
from territories.project_forms import ProfileForm, ProjectForm, add_service_errors
from territories.services import projects


@login_required
def project_list(request, code: str):
    territory = territory_or_404(request.user, code)
    rows = Project.objects.for_user(request.user).filter(territory=territory).order_by("code")
    context = {"territory": territory, "projects": rows, "today": timezone.localdate()}
    return render(request, "territories/project_list.html", context)


@login_required
def project_create(request, code: str):
    territory = territory_or_404(request.user, code)
    form = ProjectForm(request.POST or None, territory=territory)
    if request.method == "POST" and form.is_valid():
        try:
            project = projects.create_project(
                actor=request.user, territory=territory, **form.service_values()
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Project %(code)s recorded.") % {"code": project.code})
            return redirect("territory_data:projects", code=territory.code)
    return render(request, "territories/project_form.html", {"territory": territory, "form": form})


@login_required
def project_edit(request, code: str, pk: int):
    territory = territory_or_404(request.user, code)
    project = get_for_user_or_404(Project.objects.filter(territory=territory), request.user, pk=pk)
    project_code = project.code  # as stored: the form puts what is typed on the instance
    form = ProjectForm(request.POST or None, instance=project, territory=territory)
    if request.method == "POST" and form.is_valid():
        try:
            projects.update_project(actor=request.user, project=project, **form.service_values())
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Project %(code)s saved.") % {"code": project.code})
            return redirect("territory_data:projects", code=territory.code)
    context = {
        "territory": territory,
        "form": form,
        "project": project,
        "project_code": project_code,
    }
    return render(request, "territories/project_form.html", context)


def _profile_scope_or_404(user, code: str):
    """The territory of the profiles (``None`` for ``QC``, administrators only), else 404."""
    if code == PROVINCE_CODE:
        if not is_administrator(user):
            raise Http404
        return None
    return territory_or_404(user, code)


@login_required
def profile_list(request, code: str):
    territory = _profile_scope_or_404(request.user, code)
    asked = request.GET.get("annee")
    if asked is not None:
        year = parse_fiscal_year(asked)
        if year is not None and 2000 <= year <= 2100:
            return redirect("territory_data:profile", code=code, year=fiscal_year_key(year))
        messages.error(request, _("Give a fiscal year such as 2024-2025."))
    rows = list(
        SocioHealthProfile.objects.for_user(request.user)
        .filter(territory=territory)
        .order_by("-fiscal_year")
    )
    today = timezone.localdate()
    this_year = today.year if today.month >= 4 else today.year - 1
    context = {
        "territory": territory,
        "code": code,
        "profiles": rows,
        "this_year": fiscal_year_key(this_year),
        "this_year_missing": not any(profile.fiscal_year == this_year for profile in rows),
    }
    return render(request, "territories/profile_list.html", context)


@login_required
def profile_edit(request, code: str, year: str):
    territory = _profile_scope_or_404(request.user, code)
    start = parse_fiscal_year(year)
    if start is None or not 2000 <= start <= 2100:
        raise Http404
    profile = (
        SocioHealthProfile.objects.for_user(request.user)
        .filter(territory=territory, fiscal_year=start)
        .first()
    )
    form = ProfileForm.for_profile(profile, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            projects.save_profile(
                actor=request.user, territory=territory, fiscal_year=start, values=form.cleaned_data
            )
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Profile %(year)s saved.") % {"year": year})
            return redirect("territory_data:profiles", code=code)
    context = {"territory": territory, "code": code, "year": year, "form": form, "profile": profile}
    return render(request, "territories/profile_form.html", context)
