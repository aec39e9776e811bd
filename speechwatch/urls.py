from django.urls import include, path

from speechwatch.intake import urls as intake_urls
from speechwatch.portal import views
from speechwatch.portal.api import api

# Static files are served by WhiteNoise (middleware), not by a URL route: docs/operations.md.
urlpatterns = [
    path("", views.incidents, name="incidents"),
    path("incidents/<str:external_id>/", views.incident, name="incident"),
    path("export/incidents.<str:fmt>", views.export, name="export"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("report/", include(intake_urls.public)),
    path("work/submissions/", include(intake_urls.staff)),
    path("work/", include("speechwatch.workspace.urls")),
    path("accounts/", include("speechwatch.workspace.urls_accounts")),
]
