from endeavour.insights import api

urlpatterns = [*api.urlpatterns]
