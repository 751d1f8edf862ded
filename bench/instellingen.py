"""Settings of the benchmarks that need a page the portal does not have (``bench/paginas.py``: the bare view the
werkvoorraad is measured against). The portal's own settings, unchanged, with the bench's URLs and templates
added; the production server of the benchmark runs with ``DJANGO_SETTINGS_MODULE=bench.instellingen``."""

from wlzportal.settings import *  # noqa: F403
from wlzportal.settings import BASE_DIR, TEMPLATES

ROOT_URLCONF = "bench.urls"
TEMPLATES = [{**TEMPLATES[0], "DIRS": [*TEMPLATES[0]["DIRS"], BASE_DIR / "bench" / "templates"]}, *TEMPLATES[1:]]
