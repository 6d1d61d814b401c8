from . import urls_councils, urls_criteria, urls_registrations

app_name = "evaluation"

# Each area keeps its own URL list; names are <model>_<action> (evaluation:registration_submit).
urlpatterns = [*urls_criteria.urlpatterns, *urls_registrations.urlpatterns, *urls_councils.urlpatterns]
