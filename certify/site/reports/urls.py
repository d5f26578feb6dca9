from django.urls import path

from certify.site.reports import views

urlpatterns = [
    path("agency/<slug:slug>/dashboard/", views.dashboard, name="agency_dashboard"),
    path("agency/<slug:slug>/dashboard.csv", views.dashboard_csv, name="agency_dashboard_csv"),
    path("agency/<slug:slug>/reports/", views.statutory_index, name="statutory_index"),
    path(
        "agency/<slug:slug>/reports/<str:state>/<int:year>/",
        views.statutory_report,
        name="statutory_report",
    ),
    path(
        "agency/<slug:slug>/reports/<str:state>/<int:year>.csv",
        views.statutory_report_csv,
        name="statutory_report_csv",
    ),
    path("stats/", views.stats, name="stats"),
    path("stats.csv", views.stats_csv, name="stats_csv"),
    path("stats.json", views.stats_json, name="stats_json"),
]
