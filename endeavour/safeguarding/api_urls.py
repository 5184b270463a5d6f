from endeavour.safeguarding.api import views

urlpatterns = [*views.urlpatterns]
