"""Print the response deadline for a request, for checking the rules by hand.

The due date is alone on the first line so scripts can read it with ``head -1``. The next lines
say the rule in plain words, the law (or that it is agency policy, not law), its official
source, and, for staff, how far the row was checked.
"""

from __future__ import annotations

from argparse import ArgumentParser
from datetime import date
from typing import Any

import holidays
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from certify.records.models import Agency
from workflows.clock import checking_note, rule_sentence
from workflows.deadlines import Facts, deadline_for, rules_for
from workflows.models import Form

US_STATES = frozenset(holidays.US.subdivisions)
DERIVATIVES = ("parents", "siblings", "none")


def _iso_date(value: str, option: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise CommandError(f"{option} must be a date as YYYY-MM-DD, not {value!r}.") from None


def agency_kind(value: str) -> str:
    """An agency kind as typed: "city attorney", "city-attorney" and "city_attorney" alike."""
    kind = "_".join(value.strip().lower().replace("-", " ").split())
    if kind not in Agency.Kind.values:
        choices = ", ".join(k.replace("_", " ") for k in Agency.Kind.values)
        raise CommandError(f"--agency-kind must be one of: {choices}; not {value!r}.")
    return kind


class Command(BaseCommand):
    help = "Show the due date of a certification request and the rule it comes from."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--state", required=True, help="Two-letter state code, e.g. CA.")
        parser.add_argument("--form", required=True, help="U (I-918 Supp B) or T (I-914 Supp B).")
        parser.add_argument("--received", required=True, help="Date the agency received it.")
        parser.add_argument(
            "--agency-kind",
            help=(
                "police, sheriff, prosecutor, city attorney, court, labor, child protective or "
                "other. Without it every rule of the place is applied, whatever kinds it binds."
            ),
        )
        parser.add_argument("--place", default="", help="The agency's city, for local rules.")
        parser.add_argument("--removal-proceedings", action="store_true")
        parser.add_argument("--detained", action="store_true")
        parser.add_argument("--age-out-date", help="Day the child turns 21 (or the sibling 18).")
        parser.add_argument("--victim-birth-date", help="The victim's date of birth.")
        parser.add_argument(
            "--derivatives",
            default="none",
            help="parents, siblings or none: relatives to be included who age out when the "
            "victim turns 21.",
        )
        parser.add_argument(
            "--first-encounter", help="Day the agency first encountered the victim."
        )
        parser.add_argument(
            "--agency-target-days",
            type=int,
            help="The agency's own published target, used only where no law sets a clock.",
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
        kind = agency_kind(options["agency_kind"]) if options["agency_kind"] else ""
        derivatives = options["derivatives"].strip().lower()
        if derivatives not in DERIVATIVES:
            raise CommandError(f"--derivatives must be one of: {', '.join(DERIVATIVES)}.")
        target = options["agency_target_days"]
        if target is not None and target < 1:
            raise CommandError("--agency-target-days must be at least 1.")

        def optional_date(name: str) -> date | None:
            value = options[name.replace("-", "_")]
            return _iso_date(value, f"--{name}") if value else None

        facts = Facts(
            received_on=received,
            removal_proceedings=options["removal_proceedings"],
            detained=options["detained"],
            age_out_date=optional_date("age-out-date"),
            victim_birth_date=optional_date("victim-birth-date"),
            parents_or_siblings=derivatives != "none",
            first_encounter_on=optional_date("first-encounter"),
            expedite_requested=not options["expedite_not_requested"],
        )
        place = options["place"]
        deadline = deadline_for(
            state, form, facts, place=place, agency_kind=kind, agency_target_days=target
        )
        rules = rules_for(state, form, received, place=place, agency_kind=kind)

        with translation.override("en"):
            self.stdout.write(deadline.due_date.isoformat())
            sentence = rule_sentence(
                basis=deadline.basis,
                law=deadline.law,
                days=deadline.days,
                day_kind=deadline.day_kind,
                trigger=deadline.trigger,
            )
            self.stdout.write(f"Rule: {sentence}")
            if deadline.is_policy:
                self.stdout.write("Law: none sets a deadline here (agency policy, not law)")
            else:
                self.stdout.write(f"Law: {deadline.law}")
                self.stdout.write(f"Source: {deadline.source}")
                self.stdout.write(
                    f"Checking: {checking_note(basis=deadline.basis, confirmed=deadline.confirmed)}"
                )
            self.stdout.write(f"Trigger: {deadline.trigger}")
            others = [r.law for r in rules if r.pk != deadline.rule_id]
            if others:
                self.stdout.write(f"Also in force: {'; '.join(dict.fromkeys(others))}")
            if not kind:
                self.stdout.write(
                    "Agency kind not given: every rule of the place applied, whatever kinds "
                    "of agency it binds."
                )
