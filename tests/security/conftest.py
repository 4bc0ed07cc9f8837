"""The demo as the security tests visit it (the permission matrix, the form fuzzing): loaded
once per test, with the ids that the matrix's addresses need."""

from __future__ import annotations

import pytest


@pytest.fixture
def demo(db):
    from demo.builder import load_demo
    from indicators.models import PlanAction
    from referrals.models import Family, Referral
    from surveys.models import Campaign, CodeBatch
    from territories.models import Assignment, Project, ServiceGap

    load_demo()
    referral = Referral.objects.filter(territory__code="A").select_related("family").first()
    return {
        "referral": referral.pk,
        "family": referral.family_id,
        "assignment": Assignment.objects.filter(position__code="A-MFA-1").first().pk,
        "campaign": Campaign.objects.filter(territory__code="A", kind="pap").latest("opens_on").pk,
        "family_campaign": Campaign.objects.filter(territory__code="A", kind="family")
        .latest("opens_on")
        .pk,
        "batch": CodeBatch.objects.filter(campaign__territory__code="A").first().pk,
        "project": Project.objects.filter(territory__code="A").first().pk,
        "gap": ServiceGap.objects.filter(territory__code="A").first().pk,
        "action_b": PlanAction.objects.filter(territory__code="B").first().pk,
        "secrets": [
            *(f.pseudonym for f in Family.objects.all()),
            *Referral.objects.values_list("ref", flat=True),
        ],
    }
