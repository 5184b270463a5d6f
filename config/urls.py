from django.contrib import admin
from django.urls import URLPattern, URLResolver, include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from endeavour.core.access import anyone
from endeavour.core.api_errors import api_not_found
from endeavour.incidents.views.language import set_language


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, public so that partners can build against it."""

    access_rule = staticmethod(anyone)


class DocsView(SpectacularSwaggerSplitView):
    access_rule = staticmethod(anyone)
    url_name = "api-schema"


api_v1: list[URLPattern | URLResolver] = [
    path("", include("endeavour.core.api_urls")),
    path("", include("endeavour.audit.api_urls")),
    path("", include("endeavour.jobs.api_urls")),
    path("online/", include("endeavour.online.api_urls")),
    path("recommendations/", include("endeavour.recommendations.api_urls")),
    path("consultations/", include("endeavour.consultations.api_urls")),
    path("safeguarding/", include("endeavour.safeguarding.api_urls")),
    path("incidents/", include("endeavour.incidents.api_urls")),
    path("grants/", include("endeavour.grants.api_urls")),
    path("official-statistics/", include("endeavour.official_stats.api_urls")),
    path("insights/", include("endeavour.insights.api_urls")),
    path("schema/", SchemaView.as_view(), name="api-schema"),
    path("docs/", DocsView.as_view(), name="api-docs"),
]

urlpatterns = [
    path("", include("endeavour.core.urls")),
    path("staff/audit/", include("endeavour.audit.urls")),
    path("staff/jobs/", include("endeavour.jobs.urls")),
    path("", include("endeavour.online.urls")),
    path("", include("endeavour.recommendations.urls")),
    path("", include("endeavour.consultations.urls")),
    path("", include("endeavour.safeguarding.urls")),
    path("", include("endeavour.incidents.urls")),
    path("", include("endeavour.grants.urls")),
    path("", include("endeavour.official_stats.urls")),
    path("", include("endeavour.insights.urls")),
    # The language switcher posts here (Django's set_language, with a declared access rule).
    path("i18n/setlang/", set_language, name="set_language"),
    path("api/v1/", include(api_v1)),
    path("api/<path:rest>", api_not_found, name="api-not-found"),
    path("admin/", admin.site.urls),
]

handler404 = "endeavour.core.views.errors.not_found"
handler500 = "endeavour.core.views.errors.server_error"
