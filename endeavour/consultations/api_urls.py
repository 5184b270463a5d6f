from endeavour.consultations.api import views

urlpatterns = [*views.urlpatterns]
