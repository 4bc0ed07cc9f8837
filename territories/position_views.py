"""Forms of organizations, PAP positions and assignments, for coordinators (their territories)
and administrators; 404 for everyone else. The territory's view of its positions, which needs
the indicators, is ``dashboards.views.positions``: each form goes back to it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from territories.access import (
    data_entry_or_404,
    get_for_user_or_404,
    territory_for_data_entry_or_404,
)
from territories.models import Assignment, Organization, Position
from territories.position_forms import AssignmentForm, OrganizationForm, PositionForm
from territories.services import positions as services
from territories.validation import add_service_errors


def _positions_url(territory) -> str:
    return reverse("dashboards:positions", kwargs={"code": territory.code})


def _save(request, form, write, success: str):
    """Call ``write(**cleaned_data)`` when the form is valid; its errors go on the form.
    Returns the written object, or None."""
    if request.method != "POST" or not form.is_valid():
        return None
    try:
        written = write(**form.cleaned_data)
    except ValidationError as error:
        add_service_errors(form, error)
        return None
    messages.success(request, success % {"code": str(written)})
    return written


def _page(request, template: str, **context):
    return render(request, f"territories/{template}", context)


@login_required
def organization_create(request, code: str):
    """``/territoires/<code>/organismes/nouveau/``."""
    territory = territory_for_data_entry_or_404(request.user, code)
    form = OrganizationForm(request.POST or None)

    def write(**data):
        return services.create_organization(actor=request.user, territory=territory, **data)

    if _save(request, form, write, _("Organization %(code)s created.")):
        return redirect(_positions_url(territory))
    return _page(request, "organization_form.html", form=form, territory=territory)


@login_required
def organization_edit(request, code: str):
    """``/organismes/<code>/``."""
    data_entry_or_404(request.user)
    organization = get_for_user_or_404(
        Organization.objects.select_related("territory"), request.user, code=code
    )
    form = OrganizationForm(request.POST or None, organization=organization)

    def write(**data):
        return services.update_organization(actor=request.user, organization=organization, **data)

    if _save(request, form, write, _("Organization %(code)s saved.")):
        return redirect(_positions_url(organization.territory))
    context = {"form": form, "territory": organization.territory, "organization": organization}
    return _page(request, "organization_form.html", **context)


@login_required
def position_create(request, code: str):
    """``/territoires/<code>/postes/nouveau/``."""
    territory = territory_for_data_entry_or_404(request.user, code)
    form = PositionForm(request.POST or None, user=request.user, territory=territory)

    def write(**data):
        return services.create_position(actor=request.user, **data)

    position = _save(request, form, write, _("Position %(code)s created."))
    if position:
        return redirect("positions:position", code=position.code)
    return _page(request, "position_form.html", form=form, territory=territory)


@login_required
def position_edit(request, code: str):
    """``/postes/<code>/``: the position's mandate and dates, and who held it."""
    data_entry_or_404(request.user)
    position = get_for_user_or_404(
        Position.objects.select_related("organization__territory"), request.user, code=code
    )
    territory = position.organization.territory
    form = PositionForm(
        request.POST or None, user=request.user, territory=territory, position=position
    )

    def write(**data):
        return services.update_position(actor=request.user, position=position, **data)

    if _save(request, form, write, _("Position %(code)s saved.")):
        return redirect("positions:position", code=position.code)
    assignments = position.assignments.select_related("user").order_by("-started_on")
    context = {"form": form, "territory": territory, "position": position}
    return _page(request, "position_form.html", assignments=assignments, **context)


@login_required
def assignment_create(request, code: str):
    """``/postes/<code>/affectations/nouvelle/``: someone starts holding the position."""
    data_entry_or_404(request.user)
    position = get_for_user_or_404(
        Position.objects.select_related("organization__territory"), request.user, code=code
    )
    territory = position.organization.territory
    form = AssignmentForm(request.POST or None, territory=territory)

    def write(**data):
        return services.create_assignment(actor=request.user, position=position, **data)

    if _save(request, form, write, _("Assignment %(code)s recorded.")):
        return redirect("positions:position", code=position.code)
    context = {"form": form, "territory": territory, "position": position}
    return _page(request, "assignment_form.html", **context)


@login_required
def assignment_edit(request, pk: int):
    """``/affectations/<id>/``: change an assignment; a departure is its end date."""
    data_entry_or_404(request.user)
    assignment = get_for_user_or_404(
        Assignment.objects.select_related("position__organization__territory"),
        request.user,
        pk=pk,
    )
    position = assignment.position
    territory = position.organization.territory
    form = AssignmentForm(request.POST or None, territory=territory, assignment=assignment)

    def write(**data):
        return services.update_assignment(actor=request.user, assignment=assignment, **data)

    if _save(request, form, write, _("Assignment %(code)s saved.")):
        return redirect("positions:position", code=position.code)
    context = {"form": form, "territory": territory, "position": position}
    return _page(request, "assignment_form.html", assignment=assignment, **context)
