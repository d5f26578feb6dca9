"""Print a state report as CSV: `manage.py statutory_report --state WA --year 2026 [--agency SLUG]`.

Without --agency the report covers every agency registered in the state, one row (or, for
Illinois, one block of rows) per agency.
"""

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from certify.records import statutory
from certify.records.models import Agency


class Command(BaseCommand):
    help = "Print a statutory report on certification requests as CSV."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--state",
            required=True,
            help=f"The state whose format to use: one of {', '.join(statutory.FORMATS)}.",
        )
        parser.add_argument(
            "--year",
            required=True,
            type=int,
            help="The reporting year (for Washington, the fiscal year ending in June of it).",
        )
        parser.add_argument("--agency", help="The agency's slug; by default every agency.")

    def handle(self, *args: Any, state: str, year: int, agency: str | None, **options: Any) -> None:
        chosen = None
        if agency:
            try:
                chosen = Agency.objects.get(slug=agency)
            except Agency.DoesNotExist:
                raise CommandError(f"No agency has the slug {agency!r}.") from None
        try:
            report = statutory.make_report(state, year, agency=chosen)
        except statutory.ReportError as error:
            raise CommandError(str(error)) from None
        self.stdout.write(report.csv(), ending="")
