from django.contrib.admin.apps import AdminConfig


class EndeavourAdminConfig(AdminConfig):
    """Django's admin, on a site that only administrators who used two-factor sign-in can open."""

    default_site = "endeavour.core.admin_site.EndeavourAdminSite"
