from __future__ import annotations

from django.db import models
from django.utils import timezone


class InstalledEdition(models.Model):
    """An official USCIS PDF checked against its field map and kept in private storage."""

    class Form(models.TextChoices):
        I918B = "I-918B", "Form I-918, Supplement B"
        I914B = "I-914B", "Form I-914, Supplement B"

    form = models.CharField(max_length=8, choices=Form.choices)
    edition = models.CharField(max_length=16, help_text="As printed on the form, e.g. 01/20/25")
    sha256 = models.CharField(max_length=64)
    # Relative to settings.PRIVATE_STORAGE_DIR, so the storage directory can move.
    stored_path = models.CharField(max_length=255)
    installed_at = models.DateTimeField(default=timezone.now)
    report = models.JSONField(default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["form", "edition"], name="federal_forms_one_file_per_edition"
            )
        ]
        ordering = ["form", "-installed_at"]

    def __str__(self) -> str:
        return f"{self.form} {self.edition} ({self.sha256[:12]})"
