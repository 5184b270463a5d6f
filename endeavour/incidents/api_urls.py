from endeavour.incidents.api import views

urlpatterns = [*views.urlpatterns]
