from endeavour.core.models.boroughs import Borough
from endeavour.core.models.organisations import Organisation, OrganisationType
from endeavour.core.models.users import Role, RoleAssignment, User

__all__ = ["Borough", "Organisation", "OrganisationType", "Role", "RoleAssignment", "User"]
