from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from mptt.models import MPTTModel, TreeForeignKey
from simple_history.models import HistoricalRecords

from sources.models import Provenance


class Unit(MPTTModel, Provenance):
    """An organisational unit; roots are organisations.

    Never write the tree fields directly: go through ``orgchart.services`` which
    serialises tree writes (django-mptt is not safe under concurrent writers).
    """

    class Kind(models.TextChoices):
        ORGANISATION = "organisation", _("集团")
        CENTRE = "centre", _("中心")
        DEPARTMENT = "department", _("部")
        SECTION = "section", _("处")
        TEAM = "team", _("组")

    name = models.CharField(_("名称"), max_length=200)
    kind = models.CharField(_("类型"), max_length=20, choices=Kind.choices, default=Kind.DEPARTMENT)
    code = models.CharField(_("编码"), max_length=50, blank=True)
    parent = TreeForeignKey(
        "self",
        verbose_name=_("上级单元"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    sibling_order = models.PositiveIntegerField(_("同级顺序"), default=0)
    version = models.PositiveIntegerField(_("版本"), default=1)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)
    # Tree bookkeeping is derived state; history keeps the parent, not lft/rght.
    history = HistoricalRecords(excluded_fields=["lft", "rght", "tree_id", "level"])

    class MPTTMeta:
        order_insertion_by = ["sibling_order"]

    class Meta:
        verbose_name = _("组织单元")
        verbose_name_plural = pgettext_lazy("plural", "组织单元")
        constraints = [
            models.UniqueConstraint(
                fields=["code"],
                condition=~Q(code=""),
                name="unit_code_unique_when_set",
                violation_error_message=_("该编码已被其他组织单元使用。"),
            ),
        ]

    def __str__(self):
        return self.name
