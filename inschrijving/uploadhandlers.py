"""The project's upload handler: every uploaded file goes to a temporary file on disk (never whole in memory), and
in the same pass, while the request body arrives, its SHA-256 is computed and its bytes are streamed to clamd.

So a 25 MB document is read once, not three times (received, then read again for the scan and again for the hash):
when the body is complete, clamd has the whole stream and only its verdict is awaited. The form field
(``uploads.PdfBestandField``) takes the verdict from the upload (``virusscan_uitslag``, or the
``ScanNietBeschikbaar`` in ``virusscan_fout``) and ``uploads.bewaar_pdf`` the hash (``sha256``); a file uploaded
another way (a test, a command) is scanned and hashed by reading it, as before.
"""

import hashlib

from django.core.files.uploadhandler import TemporaryFileUploadHandler

from inschrijving import virusscan


class ScannendeUploadHandler(TemporaryFileUploadHandler):
    #: Django parses the body in pieces of the smallest handler chunk (64 KiB by default); 1 MiB pieces make a 25 MB
    #: upload 25 loops of boundary search, hashing and writing instead of 400, at a memory cost of one piece.
    chunk_size = 1024 * 1024

    def new_file(self, *args, **kwargs):
        super().new_file(*args, **kwargs)
        self.sha256 = hashlib.sha256()
        self.stroom = self.scanfout = None
        if virusscan.ingeschakeld():
            try:
                self.stroom = virusscan.Stroom()
            except virusscan.ScanNietBeschikbaar as fout:
                self.scanfout = fout

    def receive_data_chunk(self, raw_data, start):
        self.sha256.update(raw_data)
        if self.stroom is not None:
            try:
                self.stroom.stuur(raw_data)
            except virusscan.ScanNietBeschikbaar as fout:
                self.stroom, self.scanfout = None, fout
        return super().receive_data_chunk(raw_data, start)

    def file_complete(self, file_size):
        bestand = super().file_complete(file_size)
        bestand.sha256 = self.sha256.hexdigest()
        if self.stroom is not None:
            try:
                bestand.virusscan_uitslag = self.stroom.uitslag()
            except virusscan.ScanNietBeschikbaar as fout:
                bestand.virusscan_fout = fout
            self.stroom = None
        elif self.scanfout is not None:
            bestand.virusscan_fout = self.scanfout
        return bestand

    def upload_interrupted(self):
        if getattr(self, "stroom", None) is not None:
            self.stroom.sluit()
            self.stroom = None
        super().upload_interrupted()
