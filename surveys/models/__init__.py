"""Satisfaction surveys (DESIGN.md section 8): campaigns and their questions, who has answered
(participation records), anonymous responses and their answers, families' one-time codes."""

from surveys.models.campaigns import (
    Campaign,
    CampaignQuerySet,
    Channel,
    Participation,
    Question,
    SurveyKind,
)
from surveys.models.codes import CodeBatch, OneTimeCode
from surveys.models.responses import Answer, Response

__all__ = [
    "Answer",
    "Campaign",
    "CampaignQuerySet",
    "Channel",
    "CodeBatch",
    "OneTimeCode",
    "Participation",
    "Question",
    "Response",
    "SurveyKind",
]
