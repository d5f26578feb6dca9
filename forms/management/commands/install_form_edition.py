from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from forms.editions import get_edition
from forms.install import EditionMismatch, install_edition


class Command(BaseCommand):
    help = (
        "Check an official USCIS Supplement B PDF against its edition's field map; when it "
        "matches, record its SHA-256 and copy it to private storage so fills use it."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--form", default="I-918B", choices=["I-918B", "I-914B"])
        parser.add_argument(
            "--edition",
            default=None,
            help="As printed on the form, e.g. 01/20/25 (default: newest)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.is_file():
            raise CommandError(f"No such file: {path}")
        try:
            edition = get_edition(options["form"], options["edition"])
        except LookupError as exc:
            raise CommandError(str(exc)) from exc
        try:
            row, report = install_edition(path, edition)
        except EditionMismatch as exc:
            self.stderr.write("\n".join(exc.report.lines()))
            raise CommandError(
                f"{path} does not match {edition.form} {edition.edition}; nothing installed"
            ) from exc
        self.stdout.write("\n".join(report.lines()))
        self.stdout.write(self.style.SUCCESS(f"Installed {row}"))
