"""Private file storage: uploaded documents and generated PDFs, never reachable by URL."""

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.utils.functional import LazyObject


class _PriveOpslag(LazyObject):
    def _setup(self):
        self._wrapped = FileSystemStorage(location=settings.PRIVATE_STORAGE_ROOT, base_url=None)


prive_opslag = _PriveOpslag()


def prive():
    """Callable for FileField(storage=...) so migrations do not freeze a path."""
    return prive_opslag
