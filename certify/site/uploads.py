"""Uploads are kept in memory, never in a plaintext temporary file, and never past a hard cap.

Django's default handlers write any upload over FILE_UPLOAD_MAX_MEMORY_SIZE (2.5 MB) to the
system's temporary folder, in clear, where a crash leaves it. certify's uploads are small (a
police report, a scan; DOCUMENT_MAX_BYTES, 10 MB by default), so this handler keeps each file in
memory up to that cap and stops keeping bytes past it: the form then sees the real size and
refuses the file as too large before anything parses it. A request body larger than every file
a form could carry is refused (400) before it is read. Files are encrypted when stored
(certify.records.documents, certify.records.temp_uploads).
"""

import io

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from django.core.files.uploadedfile import InMemoryUploadedFile
from django.core.files.uploadhandler import FileUploadHandler

# The most files one form posts (the wizard's documents step has three).
MAX_FILES_PER_REQUEST = 4
# Room for the other fields and the multipart framing.
FORM_OVERHEAD_BYTES = 1024 * 1024


def max_request_bytes() -> int:
    return MAX_FILES_PER_REQUEST * settings.DOCUMENT_MAX_BYTES + FORM_OVERHEAD_BYTES


class CappedMemoryUploadHandler(FileUploadHandler):
    def __init__(self, request=None):
        super().__init__(request)
        self.kept_total = 0

    def handle_raw_input(self, input_data, META, content_length, boundary, encoding=None):
        if content_length > max_request_bytes():
            raise RequestDataTooBig("The upload is larger than any form here accepts.")
        return None

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.buffer = io.BytesIO()
        self.received = 0
        self.over = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        cap = settings.DOCUMENT_MAX_BYTES
        if (
            self.over
            or self.received > cap
            or self.kept_total + len(raw_data) > max_request_bytes()
        ):
            # Past the limit: keep nothing more, and nothing of this file at all.
            if not self.over:
                self.kept_total -= self.buffer.tell()
                self.buffer = io.BytesIO()
                self.over = True
            return None
        self.buffer.write(raw_data)
        self.kept_total += len(raw_data)
        return None

    def file_complete(self, file_size):
        self.buffer.seek(0)
        upload = InMemoryUploadedFile(
            file=self.buffer,
            field_name=self.field_name,
            name=self.file_name,
            content_type=self.content_type,
            size=file_size,
            charset=self.charset,
            content_type_extra=self.content_type_extra,
        )
        # Read by the forms that take uploads: the file was cut at the limit.
        upload.too_large = self.over  # type: ignore[attr-defined]
        return upload
