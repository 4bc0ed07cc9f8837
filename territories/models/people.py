"""Who logs in (roles, territory scope) and the audit trail of what they change."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from territories.access import ScopedQuerySet, sees_family_data
from territories.models.places import Sector, Territory
from territories.models.rules import choices_check
from territories.roles import Role


class User(AbstractUser):
    """A person who logs in. Coordinators and PAPs are attached to one or more territories."""

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.PAP)
    territories = models.ManyToManyField(
        Territory, blank=True, related_name="members", verbose_name=_("territories")
    )
    sector = models.ForeignKey(
        Sector,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="users",
        verbose_name=_("ministry"),
        help_text=_("For an advisor: the ministry they speak for."),
    )

    objects = UserManager()

    class Meta(AbstractUser.Meta):
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [choices_check("role", Role, "user_role_valid")]

    def __str__(self) -> str:
        return self.username


class AuditAction(models.TextChoices):
    CREATE = "create", _("Created")
    UPDATE = "update", _("Changed")
    DELETE = "delete", _("Deleted")
    IMPORT = "import", _("Imported")


class AuditEntryQuerySet(ScopedQuerySet):
    territory_path = "territory"

    def for_user(self, user):
        """Entries of the user's territories; entries about referrals only for those who may
        see family-level rows."""
        scoped = super().for_user(user)
        if sees_family_data(user):
            return scoped
        return scoped.exclude(object_type__startswith="referrals.")


class AuditEntry(models.Model):
    """Who changed what, when: referrals, targets and access (DESIGN.md section 11).

    ``changes`` maps each changed field to ``[old, new]``; family codes never appear in it. An
    import is one entry (action ``import``, the file's SHA-256 as ``object_id``): ``changes``
    then holds its kind, file name, hash and row counts (:func:`territories.audit.record_import`).
    """

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("by"),
    )
    action = models.CharField(_("action"), max_length=10, choices=AuditAction.choices)
    object_type = models.CharField(_("object type"), max_length=100)
    object_id = models.CharField(_("object id"), max_length=64)
    object_repr = models.CharField(_("object"), max_length=200)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("territory"),
    )
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [models.Index(fields=["object_type", "object_id"], name="audit_object")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor} {self.action} {self.object_repr}"


class AccessLogQuerySet(ScopedQuerySet):
    territory_path = "territory"
    family_level = True


class AccessLogEntry(models.Model):
    """Who consulted family-level data, when, and what (Quebec's Law 25): one line per view of
    a referral, a family or the referral list (:func:`territories.access_log.log_view`)."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        User,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_log",
        verbose_name=_("by"),
    )
    what = models.CharField(_("what"), max_length=200)
    object_type = models.CharField(_("object type"), max_length=100, blank=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True)
    territory = models.ForeignKey(
        Territory,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="access_log",
        verbose_name=_("territory"),
    )

    objects = AccessLogQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-pk"]
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        indexes = [models.Index(fields=["territory", "at"], name="access_log_territory_at")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user} {self.what}"
