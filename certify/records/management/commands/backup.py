"""Write the database and the private documents to one encrypted file."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from certify.records.backup import BackupError, write_backup


class Command(BaseCommand):
    help = (
        "Write the database and everything under CERTIFY_PRIVATE_DIR to one new file, "
        "encrypted with BACKUP_KEYS. Restoring it also needs FIELD_ENCRYPTION_KEYS."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path, help="a new file, e.g. certify-2026-11-30.backup")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            summary = write_backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"{summary.objects} database rows and {summary.files} private files, "
            f"{summary.size / 1_048_576:.1f} MiB encrypted."
        )
        self.stdout.write(self.style.SUCCESS(f"Backup written to {path}"))
