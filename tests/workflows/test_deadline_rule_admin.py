"""Admins edit deadline rules; every edit is recorded with who made it and what changed."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.test import Client, RequestFactory
from django.urls import reverse

from certify.site.admin.workflows import DeadlineRuleAdmin
from workflows.models import DeadlineRule, DeadlineRuleChange

pytestmark = pytest.mark.django_db


def form_data(rule: DeadlineRule, **changes: Any) -> dict[str, str]:
    """The change form as the browser would post it, with some values changed."""
    data: dict[str, str] = {}
    for key, value in {**rule.snapshot(), **changes}.items():
        if isinstance(value, bool) and key in {
            "presumption_of_helpfulness",
            "written_denial_required",
        }:
            data[key] = "true" if value else "false"
        elif value is None:
            data[key] = "unknown" if key.startswith(("presumption_of", "written_")) else ""
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        else:
            data[key] = str(value)
    return data


def test_it_records_an_admin_edit_with_before_and_after(admin_client: Client, admin_user) -> None:
    rule = DeadlineRule.objects.get(state="MN", form="U")
    url = reverse("admin:workflows_deadlinerule_change", args=[rule.pk])
    response = admin_client.post(url, form_data(rule, days=60))
    assert response.status_code == 302, response.content.decode()[:2000]

    rule.refresh_from_db()
    assert rule.days == 60
    change = DeadlineRuleChange.objects.get(rule=rule)
    assert change.action == "changed"
    assert change.changed_by == admin_user.get_username()
    assert (change.before["days"], change.after["days"]) == (90, 60)
    assert change.changed_fields == ["days"]


def test_it_logs_nothing_when_an_admin_saves_without_changes(admin_client: Client) -> None:
    rule = DeadlineRule.objects.get(state="MN", form="T")
    url = reverse("admin:workflows_deadlinerule_change", args=[rule.pk])
    assert admin_client.post(url, form_data(rule)).status_code == 302
    assert not DeadlineRuleChange.objects.exists()


def test_it_refuses_a_rule_that_overlaps_another_for_the_same_state(admin_client: Client) -> None:
    rule = DeadlineRule.objects.get(state="MA", form="U")
    url = reverse("admin:workflows_deadlinerule_add")
    response = admin_client.post(url, form_data(rule, effective_from="2023-01-01"))
    assert response.status_code == 200
    assert "overlaps another rule" in response.content.decode()
    assert DeadlineRule.objects.filter(state="MA", form="U").count() == 1
    assert not DeadlineRuleChange.objects.exists()


def test_it_keeps_the_log_of_a_deleted_rule(admin_user) -> None:
    rule = DeadlineRule.objects.get(state="NE", form="U")
    request = RequestFactory().post("/")
    request.user = admin_user
    DeadlineRuleAdmin(DeadlineRule, admin.site).delete_model(request, rule)

    change = DeadlineRuleChange.objects.get()
    assert change.rule is None
    assert change.action == "deleted"
    assert change.before["days"] == 90 and change.after is None
    assert change.rule_label.startswith("NE U")


def test_it_stores_dates_as_iso_text_in_the_log() -> None:
    rule = DeadlineRule.objects.get(state="MD", form="U")
    assert rule.snapshot()["effective_from"] == date(2025, 10, 1).isoformat()


def test_it_refuses_a_state_code_the_holiday_calendar_does_not_know() -> None:
    rule = DeadlineRule(state="ZZ", form="U", law="x", source="x", days=30)
    with pytest.raises(ValidationError, match="Not a US state"):
        rule.full_clean()
