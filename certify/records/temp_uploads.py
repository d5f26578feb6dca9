"""Private, encrypted storage for files uploaded during the wizard, before a draft exists.

formtools keeps a step's uploads in `file_storage` until the wizard finishes. Here they sit
under PRIVATE_STORAGE_DIR (never a served path), encrypted, under random names (the uploader's
file name may carry a victim's name). workflows.drafts.remove_stale_uploads removes
abandoned ones.
"""

import secrets
from pathlib import Path

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage

from certify.records import crypto


def temp_directory() -> Path:
    path = Path(settings.PRIVATE_STORAGE_DIR) / "wizard_tmp"
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    return path


class TempUploadStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(file_permissions_mode=0o600, directory_permissions_mode=0o700)

    # Read at each use, not at import: settings (and tests) decide where the private files go.
    @property
    def base_location(self):
        return str(temp_directory())

    @property
    def location(self):
        return str(temp_directory())

    @property
    def base_url(self):
        # These files have no URL: nothing under this directory is ever served.
        raise ValueError("wizard uploads are not served")

    def get_available_name(self, name, max_length=None):
        return f"{secrets.token_hex(16)}.enc"

    def _save(self, name, content):
        content.seek(0)
        return super()._save(name, ContentFile(crypto.encrypt_bytes(content.read())))

    def _open(self, name, mode="rb"):
        with super()._open(name, "rb") as handle:
            return ContentFile(crypto.decrypt_bytes(handle.read()), name=name)
