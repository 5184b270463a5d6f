"""Role sets used by the access expectations."""

from endeavour.core.models import Role

ANON = "anonymous"
STAFF = set(Role.values)
EVERYONE = STAFF | {ANON}
ADMIN = {Role.ADMINISTRATOR}
ADMIN_AUDITOR = {Role.ADMINISTRATOR, Role.AUDITOR}
ANALYSTS = {Role.ANALYST, Role.SENIOR_ANALYST}
SENIOR = {Role.SENIOR_ANALYST}
