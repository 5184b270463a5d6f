"""Settings shared by every environment. Everything that differs is read from the environment."""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
import django_stubs_ext
from django.core.exceptions import ImproperlyConfigured

# Lets Django's generic classes be subscripted at run time, as the type stubs expect.
django_stubs_ext.monkeypatch()

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off", ""}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


INSECURE_DEFAULT_SECRET_KEY = "insecure-development-key-change-me"  # noqa: S105
SECRET_KEY = env("SECRET_KEY", INSECURE_DEFAULT_SECRET_KEY)
DEBUG = env_bool("DEBUG", True)
ENVIRONMENT = "development"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# Where the app keeps its embedded database, uploaded evidence and generated exports.
# Outside the web root: files here are only ever served by access-checked views.
DATA_DIR = Path(env("ENDEAVOUR_DATA_DIR", str(BASE_DIR / "var")))
PRIVATE_FILES_DIR = DATA_DIR / "private"

DATABASES = {
    "default": dj_database_url.parse(
        env("DATABASE_URL", f"sqlite:///{DATA_DIR / 'endeavour.sqlite3'}"),
        conn_max_age=int(env("DATABASE_CONN_MAX_AGE", "60")),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "transaction_mode": "IMMEDIATE", "init_command": "PRAGMA journal_mode=WAL;"}
    )

INSTALLED_APPS = [
    "endeavour.core.admin_apps.EndeavourAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_htmx",
    "rest_framework",
    "knox",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "endeavour.core",
    "endeavour.audit",
    "endeavour.jobs",
    "endeavour.detection",
    "endeavour.online",
    "endeavour.recommendations",
    "endeavour.consultations",
    "endeavour.incidents",
    "endeavour.safeguarding",
    "endeavour.grants",
    "endeavour.insights",
    "endeavour.official_stats",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    # The language chosen with the switcher (a cookie), else the browser's; after sessions.
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "endeavour.audit.middleware.AuditActorMiddleware",
    "endeavour.core.middleware.TwoFactorMiddleware",
    "endeavour.core.middleware.AccessPolicyMiddleware",
    # Last, so that it sees failed sign-ins from every view above it.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
AUTH_USER_MODEL = "core.User"
LOGIN_URL = "core:login"
LOGIN_REDIRECT_URL = "core:staff-home"
LOGOUT_REDIRECT_URL = "core:public-home"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "endeavour" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "endeavour.core.context_processors.navigation",
            ],
        },
    },
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
# Public pages in English and Polish (one of London's most spoken languages). The switcher in the
# page header posts to Django's set_language view; there are no language prefixes in URLs.
LANGUAGES = [("en-gb", "English"), ("pl", "Polski")]
LANGUAGE_COOKIE_NAME = "endeavour_language"
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = DATA_DIR / "static"
STATICFILES_DIRS = [BASE_DIR / "endeavour" / "static"]
WHITENOISE_USE_FINDERS = DEBUG
WHITENOISE_AUTOREFRESH = DEBUG
STORAGES = {
    "default": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": str(PRIVATE_FILES_DIR)},
    },
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Sessions: staff are signed out after 30 idle minutes; each request renews the clock.
SESSION_COOKIE_AGE = int(env("SESSION_IDLE_TIMEOUT_SECONDS", str(30 * 60)))
SESSION_SAVE_EVERY_REQUEST = True
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}

# Sign-in lock-out: five failures for one account from one address, or twenty from one
# address across accounts, lock for fifteen minutes.
AXES_FAILURE_LIMIT = int(env("SIGN_IN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(env("SIGN_IN_LOCKOUT_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "core/locked_out.html"
AXES_IPWARE_PROXY_COUNT = int(env("TRUSTED_PROXY_COUNT", "0"))
AXES_VERBOSE = False
# Our own audit log records every sign-in; axes keeps only what lock-out needs.
AXES_DISABLE_ACCESS_LOG = True
SIGN_IN_IP_RATE_LIMIT = int(env("SIGN_IN_IP_RATE_LIMIT", "20"))
SIGN_IN_IP_RATE_WINDOW_SECONDS = 15 * 60

OTP_TOTP_ISSUER = env("OTP_ISSUER", "Endeavour")
OTP_TOTP_THROTTLE_FACTOR = 1

EMAIL_BACKEND = env("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env("EMAIL_HOST", "localhost")
EMAIL_PORT = int(env("EMAIL_PORT", "25"))
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "Endeavour <no-reply@endeavour.invalid>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
    if not env("REDIS_URL")
    else {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": env("REDIS_URL")}
}

REDIS_URL = env("REDIS_URL")
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE = {
    "purge-expired-records": {
        "task": "endeavour.core.tasks.purge_expired_records",
        "schedule": 24 * 60 * 60,
    },
    "apply-due-decisions": {
        "task": "endeavour.online.tasks.apply_due_decisions",
        "schedule": 15,
    },
    "capture-pending-items": {
        "task": "endeavour.online.tasks.capture_pending_items",
        "schedule": 10 * 60,
    },
    "run-due-outcome-checks": {
        "task": "endeavour.online.tasks.run_due_outcome_checks",
        "schedule": 5 * 60,
    },
    "rebuild-pdq-index-if-due": {
        "task": "endeavour.detection.tasks.rebuild_pdq_index_if_due",
        "schedule": 10 * 60,
    },
    "fetch-exchange-sources": {
        "task": "endeavour.detection.exchange.tasks.fetch_exchange_sources",
        "schedule": 60 * 60,
    },
    # Hourly, but each owner is emailed at most once per reminder period.
    "send-overdue-recommendation-reminders": {
        "task": "endeavour.recommendations.tasks.send_overdue_reminders",
        "schedule": 60 * 60,
    },
    "retry-safeguarding-deliveries": {
        "task": "endeavour.safeguarding.tasks.retry_due_deliveries",
        "schedule": 5 * 60,
    },
    # Daily; each overdue monitoring return is reminded about at most once a week.
    "send-overdue-return-reminders": {
        "task": "endeavour.grants.tasks.send_overdue_return_reminders",
        "schedule": 24 * 60 * 60,
    },
}

# Hash matching. The PDQ index lives on disk and survives restarts; hashes added since the last
# build are matched from memory until the rebuild folds them in.
DETECTION_INDEX_DIR = Path(env("DETECTION_INDEX_DIR", str(DATA_DIR / "index")))
DETECTION_PDQ_MAX_DISTANCE = int(env("DETECTION_PDQ_MAX_DISTANCE", "31"))
DETECTION_DELTA_REBUILD_THRESHOLD = int(env("DETECTION_DELTA_REBUILD_THRESHOLD", "50000"))
DETECTION_TEXT_MIN_SIMILARITY = float(env("DETECTION_TEXT_MIN_SIMILARITY", "0.5"))

# The text classifier: its files (model.onnx, tokenizer.json, config.json, MODEL_CARD.md), the
# CPU threads ONNX Runtime may use, and whether a web request without a broker scores at once
# (otherwise the item is scored after its capture, by the scheduler).
CLASSIFIER_ARTEFACTS_DIR = Path(
    env(
        "CLASSIFIER_ARTEFACTS_DIR",
        str(BASE_DIR / "endeavour" / "detection" / "classifier" / "artefacts"),
    )
)
CLASSIFIER_THREADS = int(env("CLASSIFIER_THREADS", "2"))
CLASSIFIER_SCORE_IN_REQUEST = env_bool("CLASSIFIER_SCORE_IN_REQUEST", False)
# Most texts one API request may score.
CLASSIFIER_API_MAX_TEXTS = int(env("CLASSIFIER_API_MAX_TEXTS", "100"))

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "endeavour.core.authentication.PartnerTokenAuthentication",
        "endeavour.core.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["endeavour.core.api_permissions.DeclaredAccessRule"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.LimitOffsetPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "endeavour.core.api_errors.exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_THROTTLE_CLASSES": ["endeavour.core.api_permissions.PartnerRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"partner": env("API_PARTNER_RATE", "600/hour")},
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=int(env("API_TOKEN_TTL_DAYS", "180"))),
    "AUTO_REFRESH": False,
    "TOKEN_LIMIT_PER_USER": 5,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Endeavour API",
    "DESCRIPTION": (
        "Version 1 of the Endeavour API for the city's CVE programme and its partners. "
        "Authenticate with `Authorization: Token <token>`. Every error has the shape "
        '`{"error": {"code": ..., "message": ..., "fields": {...}}}`.'
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "ENUM_NAME_OVERRIDES": {
        "CaseStatusEnum": "endeavour.online.models.CaseStatus",
        "ReferralStatusEnum": "endeavour.online.models.ReferralStatus",
        "JobStatusEnum": "endeavour.jobs.models.JobStatus",
        "DisputeStatusEnum": "endeavour.online.models.DisputeStatus",
        "OwnerResponseEnum": "endeavour.recommendations.models.OwnerResponse",
    },
}

# Roles whose holders must sign in with a second factor.
TWO_FACTOR_REQUIRED_ROLES = env_list("TWO_FACTOR_REQUIRED_ROLES", "administrator,senior_analyst")

# Retention periods, in days, for the records the foundation keeps. Modules add their own.
RETENTION_DAYS = {
    "jobs.JobRun": int(env("RETENTION_JOB_RUNS_DAYS", "30")),
    "axes.AccessAttempt": int(env("RETENTION_SIGN_IN_ATTEMPTS_DAYS", "90")),
    "sessions.Session": 1,
    "online.ReporterContact": int(env("RETENTION_REPORTER_CONTACTS_DAYS", "90")),
    "online.ClosedCaseEvidence": int(env("RETENTION_CLOSED_CASE_EVIDENCE_DAYS", "730")),
    "online.DisputeContact": int(env("RETENTION_DISPUTE_CONTACTS_DAYS", "365")),
    "detection.ExchangeRun": int(env("RETENTION_EXCHANGE_RUNS_DAYS", "730")),
    "recommendations.OverdueReminder": int(env("RETENTION_OVERDUE_REMINDERS_DAYS", "365")),
    # Official statistics files uploaded but never confirmed for import.
    "official_stats.PendingUpload": int(env("RETENTION_OFFICIAL_STATS_UPLOADS_DAYS", "7")),
    # Unsent consultation drafts are deleted this many days after they expire.
    "consultations.DraftResponse": int(env("RETENTION_CONSULTATION_DRAFTS_DAYS", "0")),
    # Respondents' demographics (given with consent) are deleted, and survey-tool respondent ids
    # cleared, this many days after the consultation closes. The answers are kept for findings.
    "consultations.Demographics": int(env("RETENTION_CONSULTATION_DEMOGRAPHICS_DAYS", "365")),
    # Hate incident reports: reporters' contact details and exact locations, and attached files,
    # are deleted this many days after the report is closed. The report itself stays for figures.
    "incidents.ReporterContact": int(env("RETENTION_INCIDENT_CONTACTS_DAYS", "365")),
    "incidents.Attachment": int(env("RETENTION_INCIDENT_ATTACHMENTS_DAYS", "365")),
    # Concerns routed to borough teams: the sender's name, contact details and words are deleted
    # this many days after the borough team acknowledges the concern, or after the longer period
    # if it is never acknowledged. The routing record (borough, worry, dates, status) stays.
    "safeguarding.AcknowledgedConcernDetails": int(env("SAFEGUARDING_CONCERN_PURGE_DAYS", "30")),
    "safeguarding.UnacknowledgedConcernDetails": int(
        env("SAFEGUARDING_UNACKNOWLEDGED_PURGE_DAYS", "90")
    ),
    # Grant fund: documents of declined or unsubmitted applications are deleted this many days
    # after the call's decision date (the application and the aggregate figures stay); contact
    # details on decided registration requests are cleared this many days after the decision.
    "grants.UnsuccessfulApplicationFiles": int(
        env("RETENTION_GRANT_UNSUCCESSFUL_FILES_DAYS", "365")
    ),
    "grants.RegistrationContact": int(env("RETENTION_GRANT_REGISTRATION_CONTACTS_DAYS", "90")),
}

# Online casework.
ONLINE_UNDO_SECONDS = int(env("ONLINE_UNDO_SECONDS", "60"))
ONLINE_MAX_UPLOAD_BYTES = int(env("ONLINE_MAX_UPLOAD_MB", "20")) * 1024 * 1024
ONLINE_POLICE_ALERT_EMAILS = env_list("ONLINE_POLICE_ALERT_EMAILS")
ONLINE_DISPUTE_CONTACT = env("ONLINE_DISPUTE_CONTACT", "disputes@endeavour.invalid")
ONLINE_CAPTURE_ALLOW_PRIVATE_ADDRESSES = env_bool("ONLINE_CAPTURE_ALLOW_PRIVATE_ADDRESSES", False)
# Without a broker, capture in the web request (slow) rather than by the scheduler.
ONLINE_CAPTURE_IN_REQUEST = env_bool("ONLINE_CAPTURE_IN_REQUEST", False)
ONLINE_PARTNER_DAILY_QUOTA = env("ONLINE_PARTNER_DAILY_QUOTA", "1000/day")

# Recommendation tracking.
# The address people use to reach the app, for links in emails.
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
# Open items due within this many days are amber; overdue ones are red.
RECOMMENDATIONS_AMBER_DAYS = int(env("RECOMMENDATIONS_AMBER_DAYS", "30"))
# Each owner gets at most one overdue reminder email in each period of this many days.
RECOMMENDATIONS_REMINDER_PERIOD_DAYS = int(env("RECOMMENDATIONS_REMINDER_PERIOD_DAYS", "7"))
RECOMMENDATIONS_MAX_UPLOAD_BYTES = int(env("RECOMMENDATIONS_MAX_UPLOAD_MB", "20")) * 1024 * 1024

# Consultations.
# A saved, unsent response can be resumed from its link for this many days.
CONSULTATIONS_DRAFT_DAYS = int(env("CONSULTATIONS_DRAFT_DAYS", "30"))
# Responses (sent or saved) from one address in an hour.
CONSULTATIONS_RESPONSE_RATE_LIMIT = int(env("CONSULTATIONS_RESPONSE_RATE_LIMIT", "20"))
# A response sent sooner than this after the form was opened is refused as automated.
CONSULTATIONS_MIN_FILL_SECONDS = int(env("CONSULTATIONS_MIN_FILL_SECONDS", "3"))
# The longest answer to one question, in characters.
CONSULTATIONS_MAX_ANSWER_CHARS = int(env("CONSULTATIONS_MAX_ANSWER_CHARS", "10000"))
# Imports and documents: the largest file, and the most rows in one import.
CONSULTATIONS_MAX_UPLOAD_BYTES = int(env("CONSULTATIONS_MAX_UPLOAD_MB", "20")) * 1024 * 1024
CONSULTATIONS_MAX_IMPORT_ROWS = int(env("CONSULTATIONS_MAX_IMPORT_ROWS", "50000"))
# The most pages in one PDF document (its text is read page by page; longer ones are refused).
CONSULTATIONS_MAX_PDF_PAGES = int(env("CONSULTATIONS_MAX_PDF_PAGES", "300"))

# Hate incident reports.
# Reports sent from one address in an hour; more are refused (429) with the text kept on screen.
INCIDENTS_REPORT_RATE_LIMIT = int(env("INCIDENTS_REPORT_RATE_LIMIT", "10"))
# The largest attachment (each report takes up to 3 pictures or PDFs).
INCIDENTS_MAX_UPLOAD_BYTES = int(env("INCIDENTS_MAX_UPLOAD_MB", "10")) * 1024 * 1024

# Safeguarding: help finder and concern routing (purge periods are in RETENTION_DAYS).
# Help finder services not checked for this many days are flagged to staff and marked in public.
SAFEGUARDING_SERVICE_CHECK_DAYS = int(env("SAFEGUARDING_SERVICE_CHECK_DAYS", "180"))
# Concerns one address may send in an hour; more are refused (429) with the words kept on screen.
SAFEGUARDING_CONCERN_RATE_LIMIT = int(env("SAFEGUARDING_CONCERN_RATE_LIMIT", "5"))
# Attempts to email a borough team's notice before it waits for a person to retry it.
SAFEGUARDING_DELIVERY_MAX_ATTEMPTS = int(env("SAFEGUARDING_DELIVERY_MAX_ATTEMPTS", "6"))

# Community grant fund.
# An overdue monitoring return is reminded about at most once in this many days.
GRANTS_REMINDER_INTERVAL_DAYS = int(env("GRANTS_REMINDER_INTERVAL_DAYS", "7"))
# Registration requests one address may send in an hour.
GRANTS_REGISTRATION_RATE_LIMIT = int(env("GRANTS_REGISTRATION_RATE_LIMIT", "10"))

# Official statistics: the largest published statistics file an officer may upload for import.
OFFICIAL_STATS_MAX_UPLOAD_BYTES = int(env("OFFICIAL_STATS_MAX_UPLOAD_MB", "10")) * 1024 * 1024

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {"axes": {"level": "WARNING"}, "faiss.loader": {"level": "WARNING"}},
}
