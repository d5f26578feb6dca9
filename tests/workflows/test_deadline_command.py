"""manage.py deadline: the due date first, then the rule and its source."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

pytestmark = pytest.mark.django_db


def run(*args: str) -> list[str]:
    out = StringIO()
    call_command("deadline", *args, stdout=out)
    return out.getvalue().splitlines()


def test_it_prints_the_due_date_on_the_first_line() -> None:
    lines = run("--state", "CA", "--form", "U", "--received", "2024-03-01")
    # 1 March + 30 = 31 March.
    assert lines[0] == "2024-03-31"
    assert any(line.startswith("Source: ") and "a50.asmdc.org" in line for line in lines)
    assert "Confirmed: no" in lines


def test_it_applies_the_removal_proceedings_flag() -> None:
    lines = run("--state", "ca", "--form", "u", "--received", "2024-03-01", "--removal-proceedings")
    assert lines[0] == "2024-03-08"


def test_it_applies_an_age_out_date() -> None:
    lines = run(
        "--state", "WA", "--form", "U", "--received", "2024-01-10", "--age-out-date", "2024-03-01"
    )
    # 1 March 2024 - 14 days = 16 Feb.
    assert lines[0] == "2024-02-16"


def test_it_says_when_the_deadline_is_policy_rather_than_law() -> None:
    lines = run("--state", "MD", "--form", "T", "--received", "2025-11-03")
    # 3 Nov + 60 = 2 Jan 2026.
    assert lines[0] == "2026-01-02"
    assert any(line.startswith("Policy: ") for line in lines)


def test_it_prints_illinois_business_day_deadlines() -> None:
    lines = run("--state", "IL", "--form", "T", "--received", "2024-06-03")
    assert lines[0] == "2024-10-10"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--state", "ZZ", "--form", "U", "--received", "2024-03-01"], "--state"),
        (["--state", "CA", "--form", "X", "--received", "2024-03-01"], "--form"),
        (["--state", "CA", "--form", "U", "--received", "01/03/2024"], "--received"),
        (
            ["--state", "CA", "--form", "U", "--received", "2024-03-01", "--age-out-date", "x"],
            "--age-out-date",
        ),
    ],
)
def test_it_refuses_bad_input_with_a_clear_message(args: list[str], message: str) -> None:
    with pytest.raises(CommandError, match=message):
        run(*args)
