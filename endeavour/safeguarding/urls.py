"""Every safeguarding URL: the public help finder, concern form and figures under /help/, staff
pages under /staff/safeguarding/, collected from the view modules that own them."""

from endeavour.safeguarding.views import concerns, public, staff

app_name = "safeguarding"

urlpatterns = [*public.urlpatterns, *concerns.urlpatterns, *staff.urlpatterns]
