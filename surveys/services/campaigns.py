"""Survey campaigns: creating and changing them, and generating families' one-time codes.

Administrators manage every territory's campaigns, coordinators their own territories'
(the same rule as every data entry: :func:`territories.services.projects.check_scope`). Each
write validates, runs in one transaction and is recorded in the audit trail.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Min
from django.utils.translation import gettext as _

from surveys import codes as code_rules
from surveys.models import Campaign, CodeBatch, OneTimeCode, Question, SurveyKind
from surveys.questionnaire import MAX_ITEMS
from territories import audit
from territories.models import AuditAction, Project, Territory, User
from territories.services.projects import check_scope

CAMPAIGN_FIELDS = ("kind", "name", "territory", "project", "opens_on", "closes_on")
MAX_BATCH = 500


def create_campaign(
    *,
    actor: User,
    kind: str,
    territory: Territory,
    name: str,
    opens_on: date,
    closes_on: date,
    items: Sequence[str],
    overall_item: str,
    project: Project | None = None,
) -> Campaign:
    """A new campaign with its questions: ``items`` in order, then ``overall_item``.

    :class:`~django.core.exceptions.ValidationError` (by field) when a value is refused: dates
    out of order, a family survey without a project of the territory, a PAP survey overlapping
    another of the territory, no overall item, too many items.
    """
    check_scope(actor=actor, territory=territory)
    campaign = Campaign(
        kind=kind,
        territory=territory,
        project=project if kind == SurveyKind.FAMILY else None,
        name=name.strip(),
        opens_on=opens_on,
        closes_on=closes_on,
    )
    questions = questions_from(items, overall_item)
    with transaction.atomic():
        _validate(campaign)
        campaign.save()
        for question in questions:
            question.campaign = campaign
        Question.objects.bulk_create(questions)
        audit.record(
            actor=actor,
            instance=campaign,
            action=AuditAction.CREATE,
            changes=audit.changes_between({}, _snapshot(campaign, questions)),
            territory=territory,
        )
    return campaign


def update_campaign(
    *,
    actor: User,
    campaign: Campaign,
    name: str,
    opens_on: date,
    closes_on: date,
    items: Sequence[str] | None = None,
    overall_item: str | None = None,
) -> Campaign:
    """Change a campaign's name and dates and, while nobody has answered it, its questions
    (``items`` ``None``: unchanged). Its survey, territory and project stay."""
    check_scope(actor=actor, territory=campaign.territory)
    with transaction.atomic():
        stored = Campaign.objects.select_for_update().get(pk=campaign.pk)
        old_questions = list(stored.questions.all())
        before = _snapshot(stored, old_questions)
        campaign.name, campaign.opens_on, campaign.closes_on = name.strip(), opens_on, closes_on
        questions = old_questions
        if items is not None:
            questions = questions_from(items, overall_item or "")
            if [q.text for q in questions] != [q.text for q in old_questions]:
                if stored.responses.exists():
                    raise ValidationError(
                        {"items": _("People have answered: the questions can no longer change.")}
                    )
            else:
                questions = old_questions
        _validate(campaign)
        _keep_answers_inside(stored, campaign)
        campaign.save()
        if questions is not old_questions:
            stored.questions.all().delete()
            for question in questions:
                question.campaign = campaign
            Question.objects.bulk_create(questions)
        audit.record(
            actor=actor,
            instance=campaign,
            action=AuditAction.UPDATE,
            changes=audit.changes_between(before, _snapshot(campaign, questions)),
            territory=campaign.territory,
        )
    return campaign


def generate_codes(
    *, actor: User, campaign: Campaign, count: int, today: date
) -> tuple[CodeBatch, list[str]]:
    """A batch of ``count`` one-time codes for a family campaign that has not closed; returns
    the batch and the codes, which are shown once, to be printed, and never stored."""
    check_scope(actor=actor, territory=campaign.territory)
    if campaign.kind != SurveyKind.FAMILY:
        raise ValidationError({"count": _("One-time codes are for family surveys.")})
    if campaign.closes_on < today:
        raise ValidationError({"count": _("This campaign has closed: its codes would not work.")})
    if not 1 <= count <= MAX_BATCH:
        raise ValidationError(
            {"count": _("Generate between 1 and %(max)d codes at a time.") % {"max": MAX_BATCH}}
        )
    plain: set[str] = set()
    while len(plain) < count:
        plain.add(code_rules.new_code())
    with transaction.atomic():
        batch = CodeBatch.objects.create(
            campaign=campaign, created_on=today, created_by=actor, size=count
        )
        OneTimeCode.objects.bulk_create(
            OneTimeCode(batch=batch, digest=code_rules.digest(code)) for code in plain
        )
        audit.record(
            actor=actor,
            instance=batch,
            action=AuditAction.CREATE,
            changes={"campaign": [None, campaign.pk], "size": [None, count]},
            territory=campaign.territory,
        )
    return batch, sorted(plain)


def cancel_batch(*, actor: User, batch: CodeBatch, today: date) -> CodeBatch:
    """Stop a batch's unused codes from working (a lost or misprinted page)."""
    check_scope(actor=actor, territory=batch.campaign.territory)
    if batch.cancelled_on is not None:
        return batch
    with transaction.atomic():
        batch.cancelled_on = today
        batch.save(update_fields=["cancelled_on"])
        audit.record(
            actor=actor,
            instance=batch,
            action=AuditAction.UPDATE,
            changes={"cancelled_on": [None, today.isoformat()]},
            territory=batch.campaign.territory,
        )
    return batch


def questions_from(items: Sequence[str], overall_item: str) -> list[Question]:
    """Unsaved questions: ``items`` in order, then the overall item; ValidationError by field."""
    texts = [text.strip() for text in items if text.strip()]
    overall = overall_item.strip()
    errors = {}
    if not overall:
        errors["overall_item"] = _("A campaign has exactly one overall item.")
    if len(texts) > MAX_ITEMS:
        errors["items"] = _("At most %(max)d items besides the overall one.") % {"max": MAX_ITEMS}
    too_long = [text for text in [*texts, overall] if len(text) > 300]
    if too_long:
        errors.setdefault("items", _("An item has at most 300 characters."))
    if errors:
        raise ValidationError(errors)
    questions = [Question(number=n, text=text) for n, text in enumerate(texts, start=1)]
    questions.append(Question(number=len(texts) + 1, text=overall, overall=True))
    return questions


def _validate(campaign: Campaign) -> None:
    errors: dict[str, list[str]] = {}
    try:
        campaign.full_clean(exclude=["project"])
    except ValidationError as error:
        errors = error.message_dict
    if campaign.kind == SurveyKind.FAMILY:
        if campaign.project is None:
            errors.setdefault("project", []).append(_("A family survey is about one project."))
        elif campaign.project.territory_id != campaign.territory_id:
            errors.setdefault("project", []).append(_("This project belongs to another territory."))
    if campaign.kind == SurveyKind.PAP and not errors:
        overlapping = Campaign.objects.filter(
            kind=SurveyKind.PAP,
            territory=campaign.territory,
            opens_on__lte=campaign.closes_on,
            closes_on__gte=campaign.opens_on,
        ).exclude(pk=campaign.pk)
        other = overlapping.first()
        if other is not None:
            errors.setdefault("opens_on", []).append(
                _("These dates overlap the campaign “%(name)s” of the same territory.")
                % {"name": other.name}
            )
    if errors:
        raise ValidationError(errors)


def _keep_answers_inside(stored: Campaign, campaign: Campaign) -> None:
    """Refuse dates that would leave answers outside the campaign: the respondents behind a
    period are counted from the campaigns lying inside it (:mod:`surveys.respondents`)."""
    days = stored.responses.aggregate(first=Min("submitted_on"), last=Max("submitted_on"))
    if days["first"] is None:
        return
    if campaign.opens_on > days["first"] or campaign.closes_on < days["last"]:
        raise ValidationError(
            {
                "opens_on": _(
                    "Answers were received from %(first)s to %(last)s: the campaign’s dates "
                    "must still include them."
                )
                % {"first": days["first"].isoformat(), "last": days["last"].isoformat()}
            }
        )


def _snapshot(campaign: Campaign, questions: Sequence[Question]) -> dict:
    values = audit.snapshot(campaign, CAMPAIGN_FIELDS)
    overall = _("(overall)")
    values["questions"] = [
        f"{q.number}. {q.text}" + (f" {overall}" if q.overall else "") for q in questions
    ]
    return values
