from endeavour.recommendations.api import views

urlpatterns = [*views.urlpatterns]
