"""Print the response deadline for a request, for checking the rules by hand.

The due date is alone on the first line so scripts can read it with ``head -1``.
"""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

import holidays
from django.core.management.base import BaseCommand, CommandError

from workflows.deadlines import NoRuleError, compute_due, rule_for
from workflows.models import Form

US_STATES = frozenset(holidays.country_holidays("US").subdivisions)


def _iso_date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} must be a date as YYYY-MM-DD, not {value!r}.") from None


class Command(BaseCommand):
    help = "Show the due date of a certification request and the rule it comes from."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--state", required=True, help="Two-letter state code, e.g. CA.")
        parser.add_argument("--form", required=True, help="U (I-918 Supp B) or T (I-914 Supp B).")
        parser.add_argument("--received", required=True, help="Date the agency received it.")
        parser.add_argument("--removal-proceedings", action="store_true")
        parser.add_argument("--detained", action="store_true")
        parser.add_argument(
            "--age-out-date", help="Day the child (or sibling) reaches the age-out age."
        )
        parser.add_argument(
            "--expedite-not-requested",
            action="store_true",
            help="The victim did not ask for an expedite when making the request.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        state = options["state"].strip().upper()
        if state not in US_STATES:
            raise CommandError(f"--state must be a US state or territory code, not {state!r}.")
        form = options["form"].strip().upper()
        if form not in Form.values:
            raise CommandError(f"--form must be U or T, not {options['form']!r}.")
        received = _iso_date(options["received"], "--received")
        age_out = options["age_out_date"]
        age_out_date = _iso_date(age_out, "--age-out-date") if age_out else None

        try:
            rule = rule_for(state, form, received)
        except NoRuleError as exc:
            raise CommandError(str(exc)) from exc
        deadline = compute_due(
            rule,
            received_on=received,
            removal_proceedings=options["removal_proceedings"],
            detained=options["detained"],
            age_out_date=age_out_date,
            expedite_requested=not options["expedite_not_requested"],
        )

        self.stdout.write(deadline.due_date.isoformat())
        self.stdout.write(f"Rule: {deadline.summary}")
        self.stdout.write(f"Law: {rule.law}")
        self.stdout.write(f"Source: {rule.source}")
        if rule.is_policy:
            self.stdout.write(
                f"Policy: no statutory deadline on file for {state} form {form}; this is the "
                "agency's own target, not law."
            )
        self.stdout.write(f"Confirmed: {'yes' if rule.confirmed else 'no'}")
        if rule.unconfirmed_notes:
            self.stdout.write(f"Unconfirmed: {rule.unconfirmed_notes}")
