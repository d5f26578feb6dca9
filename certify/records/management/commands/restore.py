"""Restore a backup into an empty installation of the same version (see certify.records.backup)."""

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from certify.records.backup import BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restore a file written by `manage.py backup` into this installation, which must be "
        "migrated and empty. Needs BACKUP_KEYS and the FIELD_ENCRYPTION_KEYS of the backup."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("path", type=Path)

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            summary = restore_backup(path)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        made = summary.manifest.get("created_at", "an unknown date")
        self.stdout.write(
            f"Restored {summary.objects} database rows and {summary.files} private files "
            f"from the backup of {made}."
        )
        if summary.missing_documents:
            self.stderr.write(
                f"{summary.missing_documents} documents have no file in the backup (removed "
                "between the database dump and the copy of the files, or lost before it)."
            )
        self.stdout.write(self.style.SUCCESS("Restore complete. Start the site and the cluster."))
