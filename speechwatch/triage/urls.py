"""Staff pages of triage, mounted at /work/triage/ (namespace "triage")."""

from django.urls import path

from speechwatch.triage import views

app_name = "triage"

urlpatterns = [
    path("models/", views.models_view, name="models"),
    path("models/<int:number>/activate/", views.activate_view, name="activate"),
]
