from . import urls_decisions, urls_expiry

app_name = "certificates"

urlpatterns = [*urls_decisions.urlpatterns, *urls_expiry.urlpatterns]
