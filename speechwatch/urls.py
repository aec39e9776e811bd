from django.urls import include, path

from speechwatch.intake import urls as intake_urls
from speechwatch.portal import views, views_home, views_map, views_stats
from speechwatch.portal.api import api

# Static files are served by WhiteNoise (middleware), not by a URL route: docs/operations.md.
urlpatterns = [
    path("", views_home.home, name="home"),  # with the list's parameters: the list (old links)
    path("incidents/", views.incidents, name="incidents"),
    path("statistics/", views_stats.explorer, name="statistics"),
    path("statistics/data.<str:fmt>", views_stats.download, name="statistics_download"),
    path("map/", views_map.region_map, name="map"),
    path("incidents/<str:external_id>/", views.incident, name="incident"),
    path("export/incidents.<str:fmt>", views.export, name="export"),
    path("", include("speechwatch.portal.urls_public")),  # cases, overviews, feeds, data
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("report/", include(intake_urls.public)),
    path("work/submissions/", include(intake_urls.staff)),
    path("work/triage/", include("speechwatch.triage.urls")),
    path("work/", include("speechwatch.workspace.urls")),
    path("accounts/", include("speechwatch.workspace.urls_accounts")),
]
