from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from forms.editions import all_editions
from forms.standin import build_standin


class Command(BaseCommand):
    help = "Write each edition's stand-in template (not the official form) to a directory."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument(
            "--out", type=Path, default=None, help="Directory (default: VAR_DIR/standins)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"] or Path(settings.VAR_DIR) / "standins"
        out.mkdir(parents=True, exist_ok=True)
        for edition in all_editions():
            target = out / f"{edition.slug}-standin.pdf"
            target.write_bytes(build_standin(edition))
            self.stdout.write(f"wrote {target}")
