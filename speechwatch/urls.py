from django.conf import settings
from django.contrib.staticfiles.views import serve as serve_static
from django.urls import include, path, re_path

from speechwatch.intake import urls as intake_urls
from speechwatch.portal import views
from speechwatch.portal.api import api

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

if settings.SERVE_STATIC:
    # The app serves its own CSS and vendored htmx (finders, no collectstatic) unless a web
    # server in front does it.
    urlpatterns.append(re_path(r"^static/(?P<path>.*)$", serve_static, {"insecure": True}))
