"""Admins edit deadline rules; every edit is recorded with who made it and what changed."""

from __future__ import annotations

import json
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


def admin_changes():
    # The data migration logs its own rewrite of the seeded rows; these tests read the admin's.
    return DeadlineRuleChange.objects.exclude(changed_by__startswith="migration")


def form_data(rule: DeadlineRule, **changes: Any) -> dict[str, str]:
    """The change form as the browser would post it, with some values changed."""
    data: dict[str, str] = {}
    for key, value in {**rule.snapshot(), **changes}.items():
        if isinstance(value, bool) and key in {
            "presumption_of_helpfulness",
            "written_denial_required",
        }:
            data[key] = "true" if value else "false"
        elif isinstance(value, list):
            data[key] = json.dumps(value)
        elif value is None:
            data[key] = "unknown" if key.startswith(("presumption_of", "written_")) else ""
        elif isinstance(value, bool):
            if value:
                data[key] = "on"
        else:
            data[key] = str(value)
    return data


def test_it_records_an_admin_edit_with_before_and_after(admin_client: Client, admin_user) -> None:
    rule = DeadlineRule.objects.get(provision="mn-611a-95", form="U")
    url = reverse("admin:workflows_deadlinerule_change", args=[rule.pk])
    response = admin_client.post(url, form_data(rule, days=60))
    assert response.status_code == 302, response.content.decode()[:2000]

    rule.refresh_from_db()
    assert rule.days == 60
    change = admin_changes().get(rule=rule)
    assert change.action == "changed"
    assert change.changed_by == admin_user.get_username()
    assert (change.before["days"], change.after["days"]) == (90, 60)
    assert change.changed_fields == ["days"]


def test_it_logs_nothing_when_an_admin_saves_without_changes(admin_client: Client) -> None:
    rule = DeadlineRule.objects.get(provision="mn-611a-95", form="T")
    url = reverse("admin:workflows_deadlinerule_change", args=[rule.pk])
    assert admin_client.post(url, form_data(rule)).status_code == 302
    assert not admin_changes().exists()


def test_it_refuses_a_version_that_overlaps_another_of_the_same_law(admin_client: Client) -> None:
    rule = DeadlineRule.objects.get(state="MA", form="U")
    url = reverse("admin:workflows_deadlinerule_add")
    response = admin_client.post(url, form_data(rule, effective_from="2023-01-01"))
    assert response.status_code == 200
    assert "overlaps another version of the same law" in response.content.decode()
    assert DeadlineRule.objects.filter(state="MA", form="U").count() == 1
    assert not admin_changes().exists()


def test_it_refuses_a_source_that_is_not_official() -> None:
    rule = DeadlineRule.objects.get(state="MA", form="U")
    rule.source = "https://www.example-lawfirm.com/blog/u-visa-deadlines"
    with pytest.raises(ValidationError, match="Only official sources"):
        rule.full_clean()


def test_it_refuses_an_unknown_agency_kind() -> None:
    rule = DeadlineRule.objects.get(state="MA", form="U")
    rule.binds_kinds = ["police", "fire_brigade"]
    with pytest.raises(ValidationError, match="Unknown agency kind"):
        rule.full_clean()


def test_it_keeps_the_log_of_a_deleted_rule(admin_user) -> None:
    rule = DeadlineRule.objects.get(state="NE", form="U")
    request = RequestFactory().post("/")
    request.user = admin_user
    DeadlineRuleAdmin(DeadlineRule, admin.site).delete_model(request, rule)

    change = admin_changes().get()
    assert change.rule is None
    assert change.action == "deleted"
    assert change.before["days"] == 90 and change.after is None
    assert change.rule_label.startswith("NE U ne-29-217")


def test_it_stores_dates_as_iso_text_in_the_log() -> None:
    rule = DeadlineRule.objects.get(state="MD", form="U")
    assert rule.snapshot()["effective_from"] == date(2025, 10, 1).isoformat()


def test_it_refuses_a_state_code_the_holiday_calendar_does_not_know() -> None:
    rule = DeadlineRule(
        state="ZZ", form="U", provision="x", law="x", source="https://example.gov/", days=30
    )
    with pytest.raises(ValidationError, match="Not a US state"):
        rule.full_clean()
