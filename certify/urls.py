from django.contrib import admin
from django.urls import include, path
from django.views.i18n import set_language

from certify.site import directory, health, pages, safety, verification, views
from certify.site.access import public

urlpatterns = [
    path("", views.home, name="home"),
    path("sign-in/", views.sign_in, name="login"),
    path("sign-out/", views.sign_out, name="logout"),
    path("language/", public(set_language), name="set_language"),
    path("quick-exit/", safety.quick_exit, name="quick_exit"),
    path("privacy/", pages.privacy, name="privacy"),
    path("accessibility/", pages.accessibility, name="accessibility"),
    path("favicon.ico", pages.favicon, name="favicon"),
    path("requests/", views.request_list, name="request_list"),
    path("requests/<str:reference>/packet.pdf", views.packet_download, name="packet_download"),
    path("requests/<str:reference>/delete/", views.delete_request, name="request_delete"),
    path("notices/", views.notice_list, name="notice_list"),
    path(
        "requests/<str:reference>/documents/<int:document_id>/",
        views.document_download,
        name="document_download",
    ),
    path("apply/", include("certify.site.wizard.urls")),
    path("", include("certify.site.workspace.urls")),
    path("verify/", verification.verify, name="verify"),
    path("", include("certify.site.agency.urls")),
    path("agencies/", directory.agency_list, name="agency_list"),
    path("agencies/<slug:slug>/", directory.agency_detail, name="agency_detail"),
    path("healthz", views.healthz, name="healthz"),
    path("health/live", health.live, name="health_live"),
    path("health/ready", health.ready, name="health_ready"),
    path("", include("certify.site.accounts.urls")),
    path("", include("certify.site.reports.urls")),
    path("admin/", admin.site.urls),
]

handler403 = "certify.site.views.error_403"
handler404 = "certify.site.views.error_404"
handler500 = "certify.site.views.error_500"
