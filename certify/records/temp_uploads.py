"""Private, encrypted storage for files uploaded during the wizard, before a draft exists.

formtools keeps a step's uploads in `file_storage` until the wizard finishes. Here they sit
under PRIVATE_STORAGE_DIR (never a served path), encrypted, under random names (the uploader's
file name may carry a victim's name). workflows.drafts.remove_stale_uploads removes
abandoned ones.
"""

from __future__ import annotations

import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile, File
from django.core.files.storage import FileSystemStorage

from certify.records import crypto


def temp_directory() -> Path:
    path = Path(settings.PRIVATE_STORAGE_DIR) / "wizard_tmp"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


class TempUploadStorage(FileSystemStorage):
    def __init__(self) -> None:
        super().__init__(file_permissions_mode=0o600, directory_permissions_mode=0o700)

    # Read at each use, not at import: settings (and tests) decide where the private files go.
    @property
    def base_location(self) -> str:
        return str(temp_directory())

    @property
    def location(self) -> str:
        return str(temp_directory())

    @property
    def base_url(self) -> str:
        # These files have no URL: nothing under this directory is ever served.
        raise ValueError("wizard uploads are not served")

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return f"{secrets.token_hex(16)}.enc"

    # _save and _open are the hooks Django's docs tell a custom storage to implement;
    # django-stubs leaves them out of Storage, hence the two ignores below.
    def _save(self, name: str, content: File[Any]) -> str:
        content.seek(0)
        encrypted = ContentFile(crypto.encrypt_bytes(content.read()))
        saved: str = super()._save(name, encrypted)  # type: ignore[misc]  # not in django-stubs
        return saved

    def _open(self, name: str, mode: str = "rb") -> File[bytes]:
        with super()._open(name, "rb") as handle:  # type: ignore[misc]  # not in django-stubs
            return ContentFile(crypto.decrypt_bytes(handle.read()), name=name)
