"""Settings for the Wlz inschrijvingsportaal, read from the environment.

With nothing set the portal runs on a laptop: SQLite and media under ``var/``, and Celery on kombu's
filesystem transport so a real worker runs without Redis. ``DATABASE_URL`` and ``REDIS_URL`` switch to
PostgreSQL and Redis; ``DJANGO_DEBUG=false`` switches on production hardening (see ``.env.example``).
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(environ.Env().str("WLZ_VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=True)
if DEBUG:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="alleen-voor-ontwikkeling-niet-in-productie-gebruiken")
else:
    SECRET_KEY = env.str("DJANGO_SECRET_KEY")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_filters",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "django_celery_beat",
    "pgtrigger",
    "pghistory",
    "django_structlog",
    "werking",
    "kwaliteit",
    "inschrijving",
    "beoordeling",
    "toegang",
    # Django REST framework and drf-spectacular are used without being installed apps: their translation catalogs
    # would outrank Django's own ("Dit veld is vereist." for "Dit veld is verplicht." on every form).
    "api",
]

MIDDLEWARE = [
    "wlzportal.aankomst.AankomstMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "wlzportal.middleware.ContentSecurityPolicyMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    # After the user is known (user_id) and before anything answers on its own (wlzportal/logboek.py).
    "django_structlog.middlewares.RequestMiddleware",
    "wlzportal.middleware.TweeFactorVerplichtMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "axes.middleware.AxesMiddleware",
    "wlzportal.middleware.FoutpaginaMiddleware",
]
# With DEBUG on, the portal still shows its Dutch error pages (wlzportal.middleware.FoutpaginaMiddleware) unless this is
# set: a developer's choice, never a visitor's.
TECHNISCHE_FOUTPAGINAS = env.bool("WLZ_TECHNISCHE_FOUTPAGINAS", default=False)

# The arrival time of a request (wlzportal/aankomst.py): behind nginx, the header it sets with the moment it had the
# whole request; empty (the laptop default, gunicorn or runserver facing the client) reads the clock on arrival.
# Signing (indienen): the password is asked again unless it was typed in this session (the login form, an earlier
# signing) at most this many minutes ago; the signer's explicit declaration is always asked (README "Ondertekenen").
ONDERTEKENEN_BINNEN_MINUTEN = env.int("WLZ_ONDERTEKENEN_BINNEN_MINUTEN", default=15)
AANKOMST_HEADER = env.str("WLZ_AANKOMST_HEADER", default="")
AANKOMST_MAX_WACHT = env.int("WLZ_AANKOMST_MAX_WACHT", default=300)

# Rounds and rule sets keep their history in the database (inschrijving/geschiedenis.py); nobody rewrites it.
PGHISTORY_APPEND_ONLY = True

ROOT_URLCONF = "wlzportal.urls"
WSGI_APPLICATION = "wlzportal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
            ],
            # One date format throughout: |datum, |moment, |tijdstip, |termijn in every template.
            "builtins": ["wlzportal.datums"],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'db.sqlite3'}")}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # On a laptop the web server and the Celery worker write to one SQLite file: WAL, a busy timeout and
    # IMMEDIATE transactions make them wait for each other instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 30,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.str("REDIS_URL", default="")
# The cache holds the rate-limit counters (wlzportal/beveiliging.py), so every gunicorn worker must see the same
# one: Redis. Without REDIS_URL (a laptop: runserver, one process) the process's own memory does. django-ratelimit is
# used as a library, not an installed app: its only part there is a system check that refuses that local cache even
# for one process and flags Django's own RedisCache (atomic INCR) as unsupported (jsocol/django-ratelimit#283).
if REDIS_URL:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_URL}}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
RATELIMIT_USE_CACHE = "default"
RATELIMIT_FAIL_OPEN = True  # an unreachable cache lets requests through (wlzportal/beveiliging.py says why)
# Rate limits, "number/period" (s, m, h, d; "5/15m"). Each counts POSTs; over it the page comes back with 429.
WLZ_LIMIET_WACHTWOORD_IP = env.str("WLZ_LIMIET_WACHTWOORD_IP", default="10/h")  # reset mails asked per address
WLZ_LIMIET_WACHTWOORD_ADRES = env.str("WLZ_LIMIET_WACHTWOORD_ADRES", default="3/h")  # per e-mail address typed
WLZ_LIMIET_NVI_GEBRUIKER = env.str("WLZ_LIMIET_NVI_GEBRUIKER", default="20/h")  # NvI questions per user
WLZ_LIMIET_NVI_ORGANISATIE = env.str("WLZ_LIMIET_NVI_ORGANISATIE", default="60/h")  # per zorgaanbieder
WLZ_LIMIET_UPLOAD = env.str("WLZ_LIMIET_UPLOAD", default="120/h")  # documents uploaded per user
# Aanbieder users log in with a second factor too (issue 12); off only for an installation whose aanbieders all come
# in through eHerkenning, whose means is the second factor.
TWEEDE_FACTOR_AANBIEDERS = env.bool("WLZ_TWEEDE_FACTOR_AANBIEDERS", default=True)
WLZ_LIMIET_AANMELDEN = env.str("WLZ_LIMIET_AANMELDEN", default="5/h")  # self-registrations per client address
WLZ_LIMIET_CONTROLE = env.str("WLZ_LIMIET_CONTROLE", default="60/h")  # records checked per client address

AUTH_USER_MODEL = "inschrijving.Gebruiker"
# Argon2id at OWASP's minimum first (wlzportal/wachtwoorden.py says why); the others verify older hashes, which are
# rehashed at the next correct password.
PASSWORD_HASHERS = [
    "wlzportal.wachtwoorden.Argon2idOwasp",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # OpenID Connect (issue 12, toegang/oidc.py): each answers only on its own callback, and only when configured.
    "toegang.oidc.EherkenningBackend",
    "toegang.oidc.MedewerkerBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "start"
LOGOUT_REDIRECT_URL = "login"

# django-axes: each parameter is counted on its own. A username is locked after AXES_FAILURE_LIMIT failures in
# total, from every address it was tried from, so rotating IP addresses does not help an attacker; an address is
# locked after as many failures over any usernames, against password spraying. A locked username stays locked
# for AXES_COOLOFF_TIME hours, even with the right password; other users can still sign in.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
AXES_LOCKOUT_TEMPLATE = "registration/geblokkeerd.html"
# Signing a submission and answering an offer re-check the password through authenticate() as well: their form
# field is "wachtwoord", which axes must not keep in the failed attempt's POST data either.
AXES_SENSITIVE_PARAMETERS = ["wachtwoord", "csrfmiddlewaretoken"]
# Behind nginx (docker-compose.yml) every request comes from nginx's own address, which would lock everyone out at
# once; nginx replaces X-Forwarded-For with the address it sees (deploy/nginx.conf). WLZ_ACHTER_PROXY=true counts
# that address instead. Only where nothing but nginx reaches gunicorn: a client's own X-Forwarded-For proves nothing.
# The rate limits use the same address (wlzportal.beveiliging.klant_ip).
WLZ_ACHTER_PROXY = env.bool("WLZ_ACHTER_PROXY", default=False)
AXES_CLIENT_IP_CALLABLE = "wlzportal.beveiliging.klant_ip"

OTP_TOTP_ISSUER = env.str("OTP_TOTP_ISSUER", default="Wlz inschrijvingsportaal")
# The admin does not show TOTP keys or the recovery codes (otp_static) of a staff member.
OTP_ADMIN_HIDE_SENSITIVE_DATA = True

LANGUAGE_CODE = "nl"
LANGUAGES = [("nl", "Nederlands"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Amsterdam"
FORMAT_MODULE_PATH = ["wlzportal.formats"]
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
STATIC_ROOT.mkdir(exist_ok=True)
MEDIA_ROOT = VAR_DIR / "media"
# Uploaded documents live in private storage: never under STATIC/MEDIA URLs, only served by views.
PRIVATE_STORAGE_ROOT = Path(env.str("WLZ_PRIVATE_ROOT", default=str(VAR_DIR / "prive")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}
# Stream every upload to a temporary file: no document is ever held whole in memory; hashed in the same pass
# (inschrijving/uploadhandlers.py).
FILE_UPLOAD_HANDLERS = ["inschrijving.uploadhandlers.HashendeUploadHandler"]
# On the file system of the private storage by default, so storing an upload is a rename, not a second write of the
# whole file (in docker-compose /tmp is the container's, the storage a volume).
FILE_UPLOAD_TEMP_DIR = env.str("WLZ_UPLOAD_TMP", default=str(PRIVATE_STORAGE_ROOT / ".ontvangen"))
Path(FILE_UPLOAD_TEMP_DIR).mkdir(parents=True, exist_ok=True)
WLZ_MAX_UPLOAD_MB = env.int("WLZ_MAX_UPLOAD_MB", default=25)
# ClamAV's clamd scans every upload (inschrijving/virusscan.py; an inschrijving's documents in a task after the upload,
# inschrijving/scannen.py): unix:///run/clamav/clamd.ctl or tcp://clamav:3310.
# Empty on a laptop: no scan (check --deploy warns).
CLAMD_URL = env.str("CLAMD_URL", default="")
CLAMD_TIMEOUT = env.int("CLAMD_TIMEOUT", default=30)
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console on a laptop; EMAIL_URL (e.g. smtp://mailpit:1025) in production.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Wlz inschrijvingsportaal <noreply@wlzportal.nl>")
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")

# Celery: Redis when REDIS_URL is set, else kombu's filesystem transport under var/.
CELERY_BROKER_DIR = VAR_DIR / "celery"
if REDIS_URL:
    CELERY_BROKER_URL = REDIS_URL
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # How long Redis keeps a message a worker took but never acknowledged (the worker was killed) before handing
        # it out again. It must stay above the longest a message is held unacknowledged on purpose -- a running task
        # (acks_late) and a retry's countdown, up to 15 minutes (beoordeling.tasks._stap) -- or such a task runs
        # twice; so it is not what recovers a lost step promptly: beat's hervat_vastgelopen does, every 30 s.
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
        # Redis gone without closing the connection (a failover, a dropped network): give up after seconds instead
        # of hanging, so a web request that dispatches after commit is not held up (beoordeling.tasks.verstuur).
        "socket_connect_timeout": 3,
        "socket_timeout": 10,
    }
else:
    CELERY_BROKER_URL = "filesystem://"
    for _map in ("queue", "processed"):
        (CELERY_BROKER_DIR / _map).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_BROKER_DIR / "processed"),
        "store_processed": False,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis away (issue 9, faults heal by themselves): the worker and beat wait for it, at start-up and after losing it,
# however long it takes, rather than exit; a publish is tried three times within about a second and then fails, so the
# caller moves on (what was not sent, beat's hervat_vastgelopen sends). A task running when Redis went away finishes;
# its acknowledgement is lost, and the copy Redis hands out after the visibility_timeout finds its result there.
CELERY_BROKER_CONNECTION_RETRY = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_CONNECTION_MAX_RETRIES = None
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.5, "interval_max": 1}
CELERY_WORKER_CANCEL_LONG_RUNNING_TASKS_ON_CONNECTION_LOSS = False
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "hartslag": {"task": "wlzportal.hartslag", "schedule": 60.0},  # /gezondheid/beat/ (wlzportal/gezondheid.py)
    "start-gesloten-rondes": {"task": "beoordeling.tasks.start_gesloten_rondes", "schedule": 60.0},
    "hervat-vastgelopen-beoordelingen": {"task": "beoordeling.tasks.hervat_vastgelopen", "schedule": 30.0},
    "verlopen-verduidelijkingen": {"task": "beoordeling.tasks.verlopen_verduidelijkingen", "schedule": 300.0},
    "inregel-herinneringen": {"task": "beoordeling.tasks.inregel_herinneringen", "schedule": 3600.0},
    "ontbrekende-ontvangstbevestigingen": {"task": "inschrijving.tasks.ontbrekende_ontvangstbevestigingen",
                                           "schedule": 300.0},
    "wachtende-berichten": {"task": "inschrijving.tasks.wachtende_berichten_versturen", "schedule": 300.0},
    "wachtende-scans": {"task": "inschrijving.tasks.wachtende_scans", "schedule": 60.0},
    "ongelezen-documenten": {"task": "inschrijving.tasks.ongelezen_documenten", "schedule": 300.0},
    "taakfouten-opruimen": {"task": "werking.tasks.taakfouten_opruimen", "schedule": 24 * 3600.0},
    "wachtende-afleveringen": {"task": "api.tasks.wachtende_afleveringen", "schedule": 300.0},  # webhooks
}
# Failed tasks, recorded for beheerders (werking/): kept this many days.
WLZ_TAAKFOUTEN_BEWAREN_DAGEN = env.int("WLZ_TAAKFOUTEN_BEWAREN_DAGEN", default=90)

SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
if not DEBUG:
    SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True

# Logs (issue 13, item 5; wlzportal/logboek.py): one JSON object per line on stdout in production, a readable line on a
# laptop; Django's, Celery's, gunicorn's and our own records alike, with the request id into the tasks a request queued.
LOG_FORMAAT = env.str("LOG_FORMAAT", default="tekst" if DEBUG else "json")
LOGGING_CONFIG = "wlzportal.logboek.inrichten"
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"structlog": {"()": "wlzportal.logboek.formatter", "formaat": LOG_FORMAAT}},
    "handlers": {"console": {"class": "logging.StreamHandler", "stream": "ext://sys.stdout", "formatter": "structlog"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"weasyprint": {"level": "ERROR"}, "fontTools": {"level": "ERROR"},
                # Through the root's handler, not Django's own plain ones (DEFAULT_LOGGING).
                "django": {"handlers": [], "level": "INFO", "propagate": True},
                "django.server": {"handlers": [], "level": "INFO", "propagate": True}},
}
DJANGO_STRUCTLOG_CELERY_ENABLED = True
DJANGO_STRUCTLOG_IP_LOGGING_ENABLED = False  # wlzportal.logboek binds the address the lockout counts (klant_ip)
# The request id nginx sets (X-Request-ID, deploy/nginx.conf) only where nothing but nginx reaches gunicorn.
DJANGO_STRUCTLOG_TRUST_UPSTREAM_REQUEST_ID = WLZ_ACHTER_PROXY

# The KvK Handelsregister (issue 12, toegang/kvk.py): off unless both the URL and the key are set.
KVK_API_URL = env.str("KVK_API_URL", default="")  # https://api.kvk.nl/api (or https://api.kvk.nl/test/api)
KVK_API_SLEUTEL = env.str("KVK_API_SLEUTEL", default="")  # the apikey header
KVK_CA_BUNDEL = env.str("KVK_CA_BUNDEL", default="")  # PEM with the Staat der Nederlanden Private Root CA - G1 chain
KVK_TIMEOUT = env.float("KVK_TIMEOUT", default=5.0)  # seconds per request
KVK_CACHE_SECONDEN = env.int("KVK_CACHE_SECONDEN", default=24 * 3600)


def _oidc(prefix: str, *, terug: str, scopes: str) -> dict:
    """One OpenID Connect provider's settings, as mozilla-django-oidc reads them (toegang.oidc), from ``<prefix>_*``."""
    return {
        "OIDC_RP_CLIENT_ID": env.str(f"{prefix}_CLIENT_ID", default=""),
        "OIDC_RP_CLIENT_SECRET": env.str(f"{prefix}_CLIENT_SECRET", default=""),
        "OIDC_OP_AUTHORIZATION_ENDPOINT": env.str(f"{prefix}_AUTHORIZATION_ENDPOINT", default=""),
        "OIDC_OP_TOKEN_ENDPOINT": env.str(f"{prefix}_TOKEN_ENDPOINT", default=""),
        "OIDC_OP_USER_ENDPOINT": env.str(f"{prefix}_USERINFO_ENDPOINT", default=""),
        "OIDC_OP_JWKS_ENDPOINT": env.str(f"{prefix}_JWKS_ENDPOINT", default=""),
        "OIDC_RP_SIGN_ALGO": env.str(f"{prefix}_SIGN_ALGO", default="RS256"),
        "OIDC_RP_SCOPES": env.str(f"{prefix}_SCOPES", default=scopes),
        "OIDC_USE_PKCE": True,
        "OIDC_TIMEOUT": env.float(f"{prefix}_TIMEOUT", default=10.0),
        "OIDC_AUTHENTICATION_CALLBACK_URL": terug,
        "LOGIN_REDIRECT_URL": "start",
        "LOGIN_REDIRECT_URL_FAILURE": "login",
    }


# eHerkenning through an OIDC broker (issue 12): off unless EHERKENNING_OIDC_CLIENT_ID and the endpoints are set.
OIDC_AANBIEDERS = {
    "eherkenning": {
        **_oidc("EHERKENNING_OIDC", terug="toegang:eherkenning_terug", scopes="openid eherkenning"),
        # The level asked of the broker and required: EH3 (enough to sign and to accept), 2.5 for EH2+.
        "EHERKENNING_NIVEAU": env.float("EHERKENNING_NIVEAU", default=3.0),
        # The claims, in the names of the etoegang standard unless the broker uses others.
        "EHERKENNING_CLAIM_KVK": env.str("EHERKENNING_CLAIM_KVK", default="urn:etoegang:core:LegalSubjectID"),
        "EHERKENNING_CLAIM_PSEUDONIEM": env.str("EHERKENNING_CLAIM_PSEUDONIEM",
                                                default="urn:etoegang:core:ActingSubjectID"),
        "EHERKENNING_CLAIM_VESTIGING": env.str("EHERKENNING_CLAIM_VESTIGING",
                                               default="urn:etoegang:1.9:ServiceRestriction:Vestigingsnr"),
        "EHERKENNING_CLAIM_NIVEAU": env.str("EHERKENNING_CLAIM_NIVEAU", default="urn:etoegang:core:LevelOfAssurance"),
    },
    # Single sign-on for zorgkantoor staff through the zorgkantoor's identity provider: off unless configured.
    "medewerkers": {
        **_oidc("MEDEWERKER_OIDC", terug="toegang:sso_terug", scopes="openid email profile"),
        # A second factor the provider asserts (else the portal's TOTP follows): a claim and the values that count.
        "MEDEWERKER_OIDC_MFA_CLAIM": env.str("MEDEWERKER_OIDC_MFA_CLAIM", default="amr"),
        "MEDEWERKER_OIDC_MFA_WAARDEN": env.str("MEDEWERKER_OIDC_MFA_WAARDEN", default="mfa,otp,hwk,swk"),
    },
}

# The REST API for a zorgkantoor's own systems (issue 13, api/): read only, a bearer token per client, errors as
# application/problem+json, a rate per client.
REST_FRAMEWORK = {
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_AUTHENTICATION_CLASSES": [],
    "UNAUTHENTICATED_USER": None,
    "EXCEPTION_HANDLER": "api.beveiliging.probleem",
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 100,
    "DATETIME_FORMAT": "iso-8601",
}
WLZ_API_LIMIET = env.str("WLZ_API_LIMIET", default="600/min")  # calls per API client
# Webhooks (api/webhooks.py): seconds before the second attempt, doubled after each failed one (eight in all).
WLZ_WEBHOOK_BACKOFF_SECONDEN = env.int("WLZ_WEBHOOK_BACKOFF_SECONDEN", default=30)

# The portal's signature on receipts, decision letters and the proces-verbaal (inschrijving/ondertekening.py): PEM
# files of the certificate and its key (and the chain to a CA); without them a self-signed demo certificate is made
# in VAR_DIR/ondertekening (check --deploy warns). An RFC 3161 timestamp authority when WLZ_TSA_URL is set.
WLZ_ONDERTEKENING_CERTIFICAAT = env.str("WLZ_ONDERTEKENING_CERTIFICAAT", default="")
WLZ_ONDERTEKENING_SLEUTEL = env.str("WLZ_ONDERTEKENING_SLEUTEL", default="")
WLZ_ONDERTEKENING_WACHTWOORD = env.str("WLZ_ONDERTEKENING_WACHTWOORD", default="")
WLZ_ONDERTEKENING_KETEN = env.str("WLZ_ONDERTEKENING_KETEN", default="")
# Earlier certificates of the portal (comma-separated PEM files): their records stay valid after a renewal.
WLZ_ONDERTEKENING_VERTROUWD = env.str("WLZ_ONDERTEKENING_VERTROUWD", default="")
WLZ_TSA_URL = env.str("WLZ_TSA_URL", default="")
WLZ_TSA_CERTIFICAAT = env.str("WLZ_TSA_CERTIFICAAT", default="")  # the TSA's root, to validate its timestamps
WLZ_TSA_TIMEOUT = env.float("WLZ_TSA_TIMEOUT", default=10.0)
SPECTACULAR_SETTINGS = {
    "TITLE": "Wlz inschrijvingsportaal API",
    "DESCRIPTION": "Alleen-lezen API voor de systemen van een zorgkantoor: inschrijvingen (pas na de opening van de "
                   "ronde), met hun momentopname en hash, de resultaten van de regels, besluiten en overeenkomsten. "
                   "Authenticatie: 'Authorization: Bearer <sleutel>'. Fouten als application/problem+json.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
}
