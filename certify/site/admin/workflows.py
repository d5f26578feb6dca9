from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db import transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest

from workflows.models import DeadlineRule, DeadlineRuleChange


def _record(
    request: HttpRequest,
    rule: DeadlineRule | None,
    *,
    label: str,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
) -> None:
    DeadlineRuleChange.objects.create(
        rule=rule,
        rule_label=label[:300],
        action=action,
        changed_by=getattr(request.user, "get_username", lambda: "")(),
        before=before,
        after=after,
    )


@admin.register(DeadlineRule)
class DeadlineRuleAdmin(admin.ModelAdmin[DeadlineRule]):
    list_display = (
        "state",
        "form",
        "days",
        "day_kind",
        "removal_days",
        "effective_from",
        "effective_to",
        "confirmed",
        "is_policy",
    )
    list_filter = ("form", "confirmed", "is_policy", "day_kind")
    search_fields = ("state", "law", "source", "unconfirmed_notes")
    readonly_fields = ("updated_at",)
    fieldsets = (
        (None, {"fields": ("state", "form", "is_policy", "law", "effective_from", "effective_to")}),
        ("Evidence", {"fields": ("source", "confirmed", "unconfirmed_notes", "notes")}),
        ("Standard clock", {"fields": ("days", "day_kind")}),
        (
            "Expedites",
            {
                "fields": (
                    "removal_days",
                    "detention_days",
                    "age_out_days_before",
                    "age_out_window_days",
                    "age_out_child_age",
                    "age_out_sibling_age",
                    "expedite_day_kind",
                    "expedite_must_be_requested",
                )
            },
        ),
        (
            "Duties",
            {
                "fields": (
                    "presumption_of_helpfulness",
                    "presumption_text",
                    "written_denial_required",
                    "appeal_days",
                    "appeal_day_kind",
                )
            },
        ),
        (None, {"fields": ("updated_at",)}),
    )

    def save_model(
        self, request: HttpRequest, obj: DeadlineRule, form: ModelForm[DeadlineRule], change: bool
    ) -> None:
        # Read the stored row rather than the form's initial data, so the log shows what the
        # engine actually used before this save.
        with transaction.atomic():
            before = None
            if change and obj.pk is not None:
                before = DeadlineRule.objects.select_for_update().get(pk=obj.pk).snapshot()
            super().save_model(request, obj, form, change)
            after = obj.snapshot()
            if before != after:
                _record(
                    request,
                    obj,
                    label=str(obj),
                    action=DeadlineRuleChange.Action.CHANGED
                    if change
                    else DeadlineRuleChange.Action.CREATED,
                    before=before,
                    after=after,
                )

    def delete_model(self, request: HttpRequest, obj: DeadlineRule) -> None:
        with transaction.atomic():
            _record(
                request,
                obj,
                label=str(obj),
                action=DeadlineRuleChange.Action.DELETED,
                before=obj.snapshot(),
                after=None,
            )
            super().delete_model(request, obj)

    def delete_queryset(self, request: HttpRequest, queryset: QuerySet[DeadlineRule]) -> None:
        # The bulk "delete selected" action skips delete_model, so it is logged here too.
        with transaction.atomic():
            for obj in queryset:
                _record(
                    request,
                    obj,
                    label=str(obj),
                    action=DeadlineRuleChange.Action.DELETED,
                    before=obj.snapshot(),
                    after=None,
                )
            super().delete_queryset(request, queryset)


@admin.register(DeadlineRuleChange)
class DeadlineRuleChangeAdmin(admin.ModelAdmin[DeadlineRuleChange]):
    """Read-only: a log that admins could edit would not be a record."""

    list_display = ("changed_at", "rule_label", "action", "changed_by")
    list_filter = ("action",)
    search_fields = ("rule_label", "changed_by")
    readonly_fields = (
        "rule",
        "rule_label",
        "action",
        "changed_at",
        "changed_by",
        "before",
        "after",
        "changed_fields",
    )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
