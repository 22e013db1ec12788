"""Stop keeping an uploaded file once it passes the largest size any form accepts.

Without this, Django writes every byte of a file to a temporary file before a form can look at
its size: a 5 GB "photo" would fill the disk. Past the limit the rest of the file is read and
dropped, and the form receives a stand-in whose `size` is over the limit, so its own size check
answers with its clear message while the other fields of the form keep their values.
"""

from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler


class TooLargeUpload(SimpleUploadedFile):
    """An empty stand-in for a file that was too large to keep; `size` says how far it got."""

    def __init__(self, name, content_type, size):
        super().__init__(name, b"", content_type)
        self.size = size


class SizeLimitUploadHandler(FileUploadHandler):
    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.received = 0
        self.too_large = False

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        if self.received > settings.KURASI_MAX_UPLOAD_BYTES:
            self.too_large = True
        # None stops the chunk here: the handlers after this one keep nothing more.
        return None if self.too_large else raw_data

    def file_complete(self, file_size):
        if not self.too_large:
            return None  # the next handler hands over the file it kept
        return TooLargeUpload(self.file_name, self.content_type, self.received)
