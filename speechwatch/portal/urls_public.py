"""Public portal routes for cases, legislation, events, the overview archive, feeds, the sitemap
and open data (included at the site root by speechwatch/urls.py)."""

from django.urls import path, register_converter

from speechwatch.portal import feeds, sitemap, views_archive, views_context, views_data


class MonthConverter:
    regex = "[0-9]{4}-[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(MonthConverter, "yyyymm")

urlpatterns = [
    path("cases/", views_context.cases, name="cases"),
    path("cases/<str:code>/", views_context.case, name="case"),
    path("legislation/", views_context.legislation, name="legislation"),
    path("events/", views_context.events, name="events"),
    path("overviews/", views_archive.overviews, name="overviews"),
    path("overviews/<yyyymm:month>/", views_archive.overview_month, name="overview_month"),
    path(
        "overviews/<yyyymm:month>/v<int:number>/",
        views_archive.overview_month,
        name="overview_version",
    ),
    path(
        "overviews/<yyyymm:month>/v<int:number>/<str:lang>.<str:fmt>",
        views_archive.rendition,
        name="overview_rendition",
    ),
    path("feeds/<str:lang>/incidents.atom", feeds.incidents_feed, name="feed_incidents"),
    path("feeds/<str:lang>/overviews.atom", feeds.overviews_feed, name="feed_overviews"),
    path("sitemap.xml", sitemap.sitemap, name="sitemap"),
    path("sitemaps/<str:section>-<int:page>.xml", sitemap.sitemap_part, name="sitemap_part"),
    path("data/", views_data.data_page, name="opendata"),
    path("data/speechwatch-open-data.zip", views_data.data_zip, name="opendata_zip"),
]
