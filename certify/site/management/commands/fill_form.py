from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from certify.records import audit
from certify.records.models import AuditEntry, CertificationRequest
from workflows import supplement


class Command(BaseCommand):
    help = (
        "Fill a request's supplement (I-918B or I-914B) and write the PDF. The official's copy "
        "goes through the same checks as the workspace: a request in review or later, the "
        "official's saved answers and no blank required item. Nothing is sealed: the seal is "
        "made when the signed copy is recorded."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("reference")
        parser.add_argument("--out", required=True, type=Path)
        parser.add_argument("--copy", choices=["requester", "official"], default="requester")
        parser.add_argument("--flatten", action="store_true", help="a print copy with no fields")

    def handle(
        self, *args: Any, reference: str, out: Path, copy: str, flatten: bool, **options: Any
    ) -> None:
        try:
            req = CertificationRequest.objects.select_related(
                "agency", "assigned_official__user"
            ).get(reference=reference.strip().upper())
        except CertificationRequest.DoesNotExist:
            raise CommandError(f"No request has the reference {reference!r}") from None
        try:
            if copy == "official":
                filled = supplement.prepare_official_copy(req, actor=None, flatten=flatten)
            else:
                filled = supplement.requester_copy(req, flatten=flatten)
        except supplement.BlankItemsError as refused:
            for item in refused.items:
                self.stderr.write(f"Blank: {item}")
            raise CommandError(
                f"Refused: {len(refused.items)} required item(s) blank; USCIS rejects a "
                "supplement with a blank required item. Nothing was written."
            ) from None
        except (supplement.CopyRefused, supplement.UndrawableText) as refused:
            raise CommandError(f"Refused: {refused} Nothing was written.") from None
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
        if not filled.is_official_template:
            self.stdout.write(
                "Filled on the stand-in, marked NOT THE OFFICIAL USCIS FORM: install the "
                "official edition with manage.py install_form_edition PATH before signing."
            )
        for overflow in filled.overflow:
            self.stdout.write(f"Continued in Additional Information: {overflow.reference}")
