"""Staff workspace URLs, mounted at /work/ (namespace "workspace")."""

from django.urls import path

from speechwatch.news import views as news_views
from speechwatch.overviews import views as overview_views
from speechwatch.workspace import report_views, user_views, views

app_name = "workspace"

urlpatterns = [
    path("", views.queue, name="queue"),
    path("incidents/", views.incidents, name="incidents"),
    path("incidents/new/", views.incident_new, name="incident_new"),
    path("incidents/<str:external_id>/", views.incident, name="incident"),
    path("incidents/<str:external_id>/edit/", views.incident_edit, name="incident_edit"),
    path("incidents/<str:external_id>/status/", views.incident_status, name="incident_status"),
    path("incidents/<str:external_id>/comments/", views.incident_comment, name="incident_comment"),
    path("lock/<str:object_type>/<str:object_id>/", views.lock, name="lock"),
    path("assign/<str:object_type>/<str:object_id>/", views.assign, name="assign"),
    path("history/<str:object_type>/<str:object_id>/", views.history, name="history"),
    path("search/categories/", views.search_categories, name="search_categories"),
    path("search/actors/", views.search_actors, name="search_actors"),
    path("search/legal/", views.search_legal, name="search_legal"),
    path("actors/chip/", views.actor_chip, name="actor_chip"),
    path("actors/new/", views.actor_new, name="actor_new"),
    path("cases/", views.cases, name="cases"),
    path("cases/new/", views.case_new, name="case_new"),
    path("cases/<str:external_id>/", views.case, name="case"),
    path("cases/<str:external_id>/stage/", views.case_stage, name="case_stage"),
    path("cases/<str:external_id>/link/", views.case_link, name="case_link"),
    path("cases/<str:external_id>/defendant/", views.case_defendant, name="case_defendant"),
    path("cases/<str:external_id>/publish/", views.case_publish, name="case_publish"),
    path("users/", user_views.users, name="users"),
    path("users/new/", user_views.user_new, name="user_new"),
    path("users/<str:username>/", user_views.user, name="user"),
    path("users/<str:username>/roles/", user_views.user_roles, name="user_roles"),
    path("users/<str:username>/active/", user_views.user_active, name="user_active"),
    path(
        "users/<str:username>/two-factor/", user_views.user_two_factor_reset, name="user_two_factor"
    ),
    path("users/<str:username>/invite/", user_views.user_invite, name="user_invite"),
    path("inbox/", news_views.inbox_view, name="inbox"),
    path("inbox/add/", news_views.inbox_add, name="inbox_add"),
    path("inbox/decide/", news_views.inbox_decide, name="inbox_decide"),
    path("inbox/<int:pk>/", news_views.item_view, name="inbox_item"),
    path("sources/", news_views.sources_view, name="sources"),
    path("sources/new/", news_views.source_new, name="source_new"),
    path("sources/<int:pk>/", news_views.source_view, name="source"),
    path("sources/<int:pk>/enabled/", news_views.source_enabled, name="source_enabled"),
    path("sources/<int:pk>/delete/", news_views.source_delete, name="source_delete"),
    path("overviews/unmapped/", overview_views.unmapped, name="overviews_unmapped"),
    path("reports/", report_views.reports, name="reports"),
    path("reports/<str:month>/", report_views.report, name="report"),
    path("reports/<str:month>/overrides/", report_views.report_overrides, name="report_overrides"),
    path("reports/<str:month>/checks/", report_views.report_checks, name="report_checks"),
    path("reports/<str:month>/frame/", report_views.report_frame, name="report_frame"),
    path("reports/<str:month>/publish/", report_views.report_publish, name="report_publish"),
    path(
        "reports/<str:month>/preview/<str:lang>/",
        report_views.report_preview,
        name="report_preview",
    ),
    path(
        "reports/<str:month>/download/<str:lang>.<str:fmt>",
        report_views.report_download,
        name="report_download",
    ),
]
