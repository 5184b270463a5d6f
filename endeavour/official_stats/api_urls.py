from endeavour.official_stats import api

urlpatterns = [*api.urlpatterns]
