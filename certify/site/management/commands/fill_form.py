from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from certify.records import audit
from certify.records.models import AuditEntry, CertificationRequest
from workflows import supplement


class Command(BaseCommand):
    help = "Fill a request's supplement (I-918B or I-914B) and write the PDF."

    def add_arguments(self, parser):
        parser.add_argument("reference")
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--copy", choices=["requester", "official"], default="requester")
        parser.add_argument("--flatten", action="store_true", help="a print copy with no fields")

    def handle(self, *args, reference, out, copy, flatten, **options):
        try:
            req = CertificationRequest.objects.select_related(
                "agency", "assigned_official__user"
            ).get(reference=reference.strip().upper())
        except CertificationRequest.DoesNotExist:
            raise CommandError(f"No request has the reference {reference!r}") from None
        filled = supplement.render(req, copy=copy, flatten=flatten)
        # Reading a victim's data from the command line is on the record like any page view.
        audit.record(
            actor=None,
            action=AuditEntry.Action.EXPORT,
            obj=req,
            request_reference=req.reference,
            detail=f"{copy} copy filled from the command line",
            system_label="command: fill_form",
        )
        out.write_bytes(filled.data)
        out.chmod(0o600)
        self.stdout.write(f"Wrote {out} ({len(filled.data)} bytes, {copy} copy)")
        for item in filled.overflow:
            self.stdout.write(f"Continued in Additional Information: {item.reference}")
        for warning in filled.warnings:
            self.stderr.write(f"Warning: {warning}")
