"""Walk the audit chain and report the first entry whose link or content does not hold."""

from django.core.management.base import BaseCommand, CommandError

from certify.records.models import AuditEntry


class Command(BaseCommand):
    help = "Check the hash chain of the audit trail; exits 1 at the first broken link."

    def handle(self, *args: object, **options: object) -> None:
        previous = ""
        count = 0
        for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
            if entry.prev_hash != previous:
                raise CommandError(
                    f"Broken chain at entry {entry.pk} ({entry.created_at:%Y-%m-%d %H:%M:%S}): "
                    "the entry before it was removed or changed."
                )
            if entry.entry_hash != entry.compute_hash():
                raise CommandError(
                    f"Broken chain at entry {entry.pk} ({entry.created_at:%Y-%m-%d %H:%M:%S}): "
                    "its content was changed."
                )
            previous = entry.entry_hash
            count += 1
        self.stdout.write(self.style.SUCCESS(f"{count} audit entries, chain intact."))
