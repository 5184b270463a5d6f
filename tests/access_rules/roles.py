"""Role sets used by the access expectations."""

from endeavour.core.models import Role

ANON = "anonymous"
PARTNERS = {Role.ASSESSOR, Role.APPLICANT}
STAFF = set(Role.values) - PARTNERS
SIGNED_IN = set(Role.values)
EVERYONE = SIGNED_IN | {ANON}
ADMIN = {Role.ADMINISTRATOR}
ADMIN_AUDITOR = {Role.ADMINISTRATOR, Role.AUDITOR}
ANALYSTS = {Role.ANALYST, Role.SENIOR_ANALYST}
SENIOR = {Role.SENIOR_ANALYST}
