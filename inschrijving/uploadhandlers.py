"""The project's upload handler: every uploaded file goes to a temporary file on disk (never whole in memory), and
its SHA-256 is computed in the same pass, while the request body arrives.

So a 25 MB document is read once, not twice (received, then read again for the hash); ``uploads.bewaar_pdf`` takes
the hash from the upload (``sha256``). A file uploaded another way (a test, a command) is hashed by reading it. The
virus scan is not done here: an inschrijving's documents are scanned by a task after they are stored
(``inschrijving.scannen``), other uploads by their form field (``uploads.PdfBestandField``).
"""

import hashlib

from django.core.files.uploadhandler import TemporaryFileUploadHandler


class HashendeUploadHandler(TemporaryFileUploadHandler):
    #: Django parses the body in pieces of the smallest handler chunk (64 KiB by default); 1 MiB pieces make a 25 MB
    #: upload 25 loops of boundary search, hashing and writing instead of 400, at a memory cost of one piece.
    chunk_size = 1024 * 1024

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.sha256 = hashlib.sha256()

    def receive_data_chunk(self, raw_data, start):
        self.sha256.update(raw_data)
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size):
        bestand = super().file_complete(file_size)
        bestand.sha256 = self.sha256.hexdigest()
        return bestand
