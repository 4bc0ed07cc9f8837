"""The story behind a number: writing it (coordinators of the territory, administrators) and
reading a territory's stories for a period.

A story is short (``STORY_MAX`` characters), about the territory's work, never a family; an
empty text deletes it. Each write checks the scope, validates, and goes to the audit trail.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from indicators import registry
from indicators.models import IndicatorStory
from indicators.periods import Period
from territories import audit
from territories.models import AuditAction, Territory, User
from territories.services.projects import check_scope

STORY_MAX = 600
FIELDS = ("territory", "indicator", "period", "text", "author_role", "written_on")


def write_story(
    *,
    actor: User,
    territory: Territory,
    indicator: str,
    period: Period,
    text: str,
    today: date,
) -> IndicatorStory | None:
    """Write (or, with an empty ``text``, delete) the story of ``indicator`` of ``territory``
    for ``period``; returns it (None once deleted)."""
    check_scope(actor=actor, territory=territory)
    if not registry.exists(indicator):
        raise ValidationError(
            {"indicator": _("Unknown indicator “%(code)s”.") % {"code": indicator}}
        )
    text = text.strip()
    if len(text) > STORY_MAX:
        raise ValidationError(
            {"text": _("At most %(max)d characters: keep the story short.") % {"max": STORY_MAX}}
        )
    with transaction.atomic():
        story = (
            IndicatorStory.objects.select_for_update()
            .filter(territory=territory, indicator=indicator, period=period.key)
            .first()
        )
        if not text:
            if story is not None:
                audit.record(
                    actor=actor,
                    instance=story,
                    action=AuditAction.DELETE,
                    changes=audit.changes_between(audit.snapshot(story, FIELDS), {}),
                    territory=territory,
                )
                story.delete()
            return None
        before = {} if story is None else audit.snapshot(story, FIELDS)
        story = story or IndicatorStory(territory=territory, indicator=indicator, period=period.key)
        story.text, story.author_role, story.written_on = text, actor.role, today
        story.save()
        audit.record(
            actor=actor,
            instance=story,
            action=AuditAction.UPDATE if before else AuditAction.CREATE,
            changes=audit.changes_between(before, audit.snapshot(story, FIELDS)),
            territory=territory,
        )
    return story


def stories_of(territory: Territory, period: Period) -> dict[str, IndicatorStory]:
    """The territory's stories for ``period``, by indicator code (one query)."""
    return {
        story.indicator: story
        for story in IndicatorStory.objects.filter(territory=territory, period=period.key)
    }
