"""Intake URLs: `public` is mounted at /report/ (namespace "report"), `staff` at /work/submissions/
(namespace "intake")."""

from django.urls import path

from speechwatch.intake import views

public = (
    [
        path("", views.public_report, name="form"),
        path("thanks/", views.public_thanks, name="thanks"),
    ],
    "report",
)

staff = (
    [
        path("", views.submissions, name="submissions"),
        path("new/", views.submit_form, name="submit"),
        path("<str:external_id>/", views.submission, name="submission"),
        path("<str:external_id>/files/<int:pk>/", views.attachment, name="attachment"),
        path("<str:external_id>/convert/", views.convert, name="convert"),
        path("<str:external_id>/merge/", views.merge, name="merge"),
        path("<str:external_id>/reject/", views.reject, name="reject"),
    ],
    "intake",
)
