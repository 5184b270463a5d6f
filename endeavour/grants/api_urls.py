from endeavour.grants.api import views

urlpatterns = [*views.urlpatterns]
